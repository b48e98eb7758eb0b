"""Property-based API tests: schemathesis generates requests from the OpenAPI description.

Every check runs (no server error, responses conform to the schema, status codes
documented, ...), on a store of its own since uploads write to it. Operations are
looped over in one test (schemathesis' pytest fixture loader does not work with
pytest 9), each with a bounded number of examples; all failures are reported together.

Two callers: the local single user (no accounts), and — on a store with accounts — an
admin's API token, so that every route behind sign-in and roles (users, tokens, review)
is exercised past its guard, not only refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from planwatch.auth import users
from planwatch.serve.app import create_app
from planwatch.store.db import open_store, transaction

from .conftest import seeded_store

EXAMPLES = 25


@pytest.mark.parametrize("caller", ["local", "admin-token"])
def test_api_conforms_and_never_fails(tmp_path: Path, caller: str) -> None:
    url = seeded_store(tmp_path)
    headers: dict[str, str] = {}
    if caller == "admin-token":
        with transaction(open_store(url)) as s:
            users.add_user(s, "ada", "ada-secret-1", "admin")
            headers["Authorization"] = "Bearer " + users.create_token(s, "ada")
    app = create_app(url, upload_dir=tmp_path / "uploads")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=headers)
    failures: list[str] = []
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises here, failing the test
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            # An upload's file type and size are checked beyond what the schema can say (a random file is
            # rightly refused with 415/400): only there is the "valid data accepted" check left out.
            excluded: list[Any] = [positive_data_acceptance] if case.method == "POST" else []
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        try:
            check()
        except Exception as err:  # collect, to report every failing operation at once
            failures.append(f"{operation.label}: {err}")
    assert len(labels) >= 15, labels
    if failures:
        pytest.fail("\n\n".join(failures))
