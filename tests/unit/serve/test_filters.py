"""Enumerated filters take only their values: anything else is 422, on the API, exports and pages."""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi.testclient import TestClient

from planwatch import model
from planwatch.serve import params

BAD = [";", "'; DROP TABLE statements; --", "target ", "TARGET", "x" * 50]
ROUTES = [
    ("/api/statements", "kind"),
    ("/api/statements", "measure"),
    ("/api/statements.csv", "kind"),
    ("/api/statements.jsonl", "measure"),
    ("/api/statements.xlsx", "kind"),
    ("/api/targets", "status"),
    ("/api/targets.csv", "status"),
    ("/api/targets.parquet", "status"),
    ("/api/documents", "kind"),
    ("/api/search?q=GDP", "kind"),
    ("/search", "kind"),
]


@pytest.mark.parametrize(("path", "name"), ROUTES)
@pytest.mark.parametrize("value", BAD)
def test_enumerated_filters_refuse_other_values(client: TestClient, path: str, name: str, value: str) -> None:
    assert client.get(path, params={name: value}).status_code == 422


def test_region_page_status_is_validated_and_empty_means_any(client: TestClient) -> None:
    region = next(r["name"] for r in client.get("/api/regions").json() if r["documents"])
    assert client.get(f"/regions/{region}", params={"status": ";"}).status_code == 422
    assert client.get(f"/regions/{region}", params={"status": ""}).status_code == 200
    assert client.get(f"/regions/{region}", params={"status": "achieved"}).status_code == 200


def test_filter_enumerations_are_the_models() -> None:
    assert get_args(params.KindParam) == get_args(model.Kind)
    assert get_args(params.MeasureParam) == get_args(model.Measure)
    assert get_args(params.StatusParam) == get_args(model.Status)


def test_openapi_lists_the_allowed_values(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    found = {p["name"]: p["schema"] for p in spec["paths"]["/api/statements"]["get"]["parameters"]}
    text = str(found["kind"])
    assert all(k in text for k in get_args(model.Kind))
