"""Every JSON endpoint, on the dev corpus with its gold statements and judgements."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .conftest import GOLD

HEXI = "天津市河西区"
DOC_000 = "000_60d02156ec099e48.txt"
DOC_003 = "003_2e2f5eaad98d6f0d.txt"
DOC_004 = "004_855d512fd5322961.txt"


def gold_lines(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_documents_list_has_every_dev_document_with_its_facts(client: TestClient) -> None:
    page = client.get("/api/documents").json()
    assert page["total"] == 5
    facts = {r["doc"]: r for r in gold_lines("documents.jsonl")}
    for item in page["items"]:
        ref = facts[item["name"]]
        assert (item["region"], item["kind"], item["delivered"]) == (
            ref["region"],
            ref["kind"],
            ref["delivered"],
        )
        assert item["statements"] == len(gold_lines(item["name"].replace(".txt", ".jsonl")))
    hexi = client.get("/api/documents", params={"region": HEXI}).json()
    assert sorted(d["name"] for d in hexi["items"]) == [DOC_000, DOC_003, DOC_004]
    assert client.get("/api/documents", params={"kind": "five_year_plan"}).json()["total"] == 1
    assert client.get("/api/documents", params={"limit": 2, "offset": 4}).json()["items"][0]["name"]


def test_document_by_hash_prefix_and_name_with_text(client: TestClient) -> None:
    by_name = client.get(f"/api/documents/{DOC_003}").json()
    assert by_name["text"].startswith("天津市河西区国民经济和社会发展") or "十三五" in by_name["text"]
    by_sha = client.get(f"/api/documents/{by_name['sha256']}").json()
    assert by_sha["name"] == DOC_003 and by_sha["text"] == by_name["text"]
    assert client.get(f"/api/documents/{by_name['sha256'][:12]}").json()["name"] == DOC_003
    assert client.get("/api/documents/nope.txt").status_code == 404


def test_document_statements_in_text_order_with_spans(client: TestClient) -> None:
    doc = client.get(f"/api/documents/{DOC_000}").json()
    page = client.get(f"/api/documents/{DOC_000}/statements").json()
    assert page["total"] == len(gold_lines(DOC_000.replace(".txt", ".jsonl")))
    starts = [s["start"] for s in page["items"]]
    assert starts == sorted(starts)
    for s in page["items"]:
        assert doc["text"][s["start"] : s["end"]] == s["text"]
    targets = client.get(f"/api/documents/{DOC_000}/statements", params={"kind": "target"}).json()
    assert targets["total"] and all(s["kind"] == "target" for s in targets["items"])
    assert client.get("/api/documents/missing/statements").status_code == 404


def test_statements_filters(client: TestClient) -> None:
    every = client.get("/api/statements", params={"limit": 1}).json()["total"]
    assert every == sum(
        len(gold_lines(f"{p}.jsonl"))
        for p in (
            "000_60d02156ec099e48",
            "001_599490bf3e5cd4dd",
            "002_f9d16f46d232b58f",
            "003_2e2f5eaad98d6f0d",
            "004_855d512fd5322961",
        )
    )
    gdp = client.get("/api/statements", params={"canonical": "gdp_growth", "kind": "target"}).json()
    assert gdp["total"] > 0 and all(
        s["canonical"] == "gdp_growth" and s["kind"] == "target" for s in gdp["items"]
    )
    hexi_2020 = client.get("/api/statements", params={"region": HEXI, "period": "2020"}).json()
    assert hexi_2020["total"] > 0 and {s["region"] for s in hexi_2020["items"]} == {HEXI}
    by_name = client.get("/api/statements", params={"indicator": "民营企业"}).json()
    assert all("民营企业" in s["indicator"] for s in by_name["items"]) and by_name["total"] > 0
    shares = client.get("/api/statements", params={"measure": "share"}).json()
    assert all(s["measure"] == "share" for s in shares["items"])
    assert client.get("/api/statements", params={"kind": "bogus"}).status_code == 422
    assert client.get("/api/statements", params={"limit": 0}).status_code == 422
    # LIKE wildcards in a filter are plain characters
    assert client.get("/api/statements", params={"indicator": "%"}).json()["total"] == 0


def test_targets_carry_status_and_evidence_in_other_documents(client: TestClient) -> None:
    page = client.get("/api/targets", params={"region": HEXI}).json()
    gold = gold_lines("tracking.jsonl")
    assert page["total"] == len(gold)
    by_span = {(j["doc"], j["start"], j["end"]): j for j in page["items"]}
    for ref in gold:
        got = by_span[(ref["doc"], ref["start"], ref["end"])]
        assert got["status"] == ref["status"]
        assert [(e["doc"], e["start"], e["end"]) for e in got["evidence"]] == [
            (e["doc"], e["start"], e["end"]) for e in ref["evidence"]
        ]
        for e in got["evidence"]:
            assert e["doc_sha"] and e["statement_id"]  # linkable to the evidence sentence
    achieved = client.get("/api/targets", params={"status": "achieved"}).json()
    assert [(j["doc"], j["text"]) for j in achieved["items"]] == [(DOC_003, "2.6万家")]
    assert client.get("/api/targets", params={"period": "2016-2020"}).json()["total"] == 3
    assert client.get("/api/targets", params={"doc": DOC_000}).json()["total"] == 3
    assert client.get("/api/targets", params={"canonical": "tech_smes"}).json()["total"] == 1
    assert client.get("/api/targets", params={"status": "nope"}).status_code == 422


def test_regions_with_hierarchy_and_scorecards(client: TestClient) -> None:
    regions = {r["name"]: r for r in client.get("/api/regions").json()}
    assert regions[HEXI]["documents"] == 3
    assert regions[HEXI]["parent"] == "天津市"
    assert regions[HEXI]["targets"] == {"achieved": 1, "likely_achieved": 3, "likely_missed": 3}
    assert regions["天津市和平区"]["targets"] == {}


def test_indicators_and_series(client: TestClient) -> None:
    items = {i["key"]: i for i in client.get("/api/indicators").json()}
    assert items["gdp_growth"]["name"] == "地区生产总值增长" and items["gdp_growth"]["statements"] > 0
    series = client.get("/api/indicators/private_enterprises/series").json()
    kinds = {p["kind"] for p in series["points"]}
    assert {"target", "actual"} <= kinds
    hexi = [(p["kind"], p["period"], p["text"]) for p in series["points"] if p["region"] == HEXI]
    assert ("target", "2020", "2.6万家") in hexi and ("actual", "2019", "2.9万户") in hexi
    only = client.get("/api/indicators/gdp_growth/series", params={"region": "天津市河北区"}).json()
    assert only["points"] and {p["region"] for p in only["points"]} == {"天津市河北区"}
    assert client.get("/api/indicators/no_such_thing/series").status_code == 404


def test_search_finds_a_phrase_in_text_and_statements(client: TestClient) -> None:
    out = client.get("/api/search", params={"q": "民营企业"}).json()
    assert {h["name"] for h in out["documents"]} >= {DOC_000, DOC_003}
    for h in out["documents"]:
        assert h["match"] == "民营企业"
        doc = client.get(f"/api/documents/{h['doc_sha']}").json()
        assert doc["text"][h["position"] : h["position"] + 4] == "民营企业"
    assert out["statements_total"] > 0
    short = client.get("/api/search", params={"q": "河西"}).json()  # under three characters: no trigram
    assert {h["name"] for h in short["documents"]} == {DOC_000, DOC_003, DOC_004}
    quoted = client.get("/api/search", params={"q": 'AND "OR* NEAR('}).json()
    assert quoted["documents"] == []
    assert client.get("/api/search").status_code == 422


@pytest.mark.parametrize("what", ["statements", "targets"])
def test_exports_in_three_formats_with_filters(client: TestClient, what: str) -> None:
    import openpyxl
    import pyarrow.parquet as pq

    params = {"region": HEXI}
    expected = client.get(f"/api/{what}", params={**params, "limit": 1000}).json()["total"]
    csv_resp = client.get(f"/api/{what}.csv", params=params)
    assert csv_resp.headers["content-type"].startswith("text/csv")
    lines = csv_resp.content.decode("utf-8-sig").splitlines()
    want = "doc,start,end,text,sentence,indicator" if what == "targets" else "doc,start,end,text,indicator"
    assert lines[0].startswith(want)  # a target quotes the sentence it stands in
    import csv as csvmod

    rows = list(csvmod.DictReader(lines))
    assert len(rows) == expected and {r["region"] for r in rows} == {HEXI}
    xlsx = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/{what}.xlsx", params=params).content))
    assert xlsx.active is not None and xlsx.active.max_row == expected + 1
    table = pq.read_table(io.BytesIO(client.get(f"/api/{what}.parquet", params=params).content))
    assert table.num_rows == expected and "indicator" in table.column_names


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/documents",
        "/api/documents/{key}",
        "/api/documents/{key}/statements",
        "/api/statements",
        "/api/targets",
        "/api/regions",
        "/api/indicators",
        "/api/indicators/{key}/series",
        "/api/search",
        "/api/statements.csv",
        "/api/statements.xlsx",
        "/api/statements.parquet",
        "/api/targets.csv",
        "/api/targets.xlsx",
        "/api/targets.parquet",
    ):
        assert path in paths, path
    assert not any(p.startswith("/regions") or p == "/" for p in paths)  # pages stay out of the API


def test_region_names_in_urls_are_escaped(client: TestClient) -> None:
    assert client.get("/regions/" + quote(HEXI)).status_code == 200
    assert client.get("/regions/" + quote("不存在区")).status_code == 404
