"""Exports stream: rows are read a page at a time and written as they come, never all at once."""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planwatch.serve import exports
from planwatch.serve.api import exports as api_exports

COLUMNS = ("doc", "start", "value", "text")


def _rows(n: int, seen: list[int]) -> Iterator[dict[str, Any]]:
    for i in range(n):
        seen[0] = i + 1
        yield {"doc": f"d{i}", "start": i, "value": i / 2, "text": "=1+1" if i == 3 else f"第{i}条"}


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_writers_are_generators_over_an_iterable(fmt: exports.Format) -> None:
    seen = [0]
    out = exports.chunks(fmt, _rows(20_000, seen), COLUMNS, "s")
    assert isinstance(out, types.GeneratorType) and seen[0] == 0  # nothing read before asked
    first = next(out)
    if fmt in ("csv", "jsonl"):  # text formats: the first chunk goes out before the rows are all read
        assert first and seen[0] <= 2 * exports.BATCH
    rest = b"".join(out)
    assert seen[0] == 20_000 and len(first + rest) > 20_000


def test_csv_and_jsonl_hold_every_row_in_order() -> None:
    body = exports.render("csv", _rows(1234, [0]), COLUMNS, "s")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["start"] for r in rows] == [str(i) for i in range(1234)]
    lines = exports.render("jsonl", _rows(1234, [0]), COLUMNS, "s").decode().splitlines()
    assert [json.loads(x)["doc"] for x in lines] == [f"d{i}" for i in range(1234)]


def test_xlsx_and_parquet_hold_every_row_with_types() -> None:
    import openpyxl
    import pyarrow.parquet as pq

    book = openpyxl.load_workbook(io.BytesIO(exports.render("xlsx", _rows(1500, [0]), COLUMNS, "s")))
    assert book.active is not None and book.active.max_row == 1501
    sheet = book.active
    assert sheet.cell(5, 4).value == "=1+1" and sheet.cell(5, 4).data_type == "s"  # text, not a formula
    assert [c.value for c in sheet[1]] == ["文件", "起始位置", "数值", "原文数字"]  # Chinese headers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D1501"
    assert sheet.cell(3, 3).value == 0.5  # a number stays a number
    table = pq.read_table(io.BytesIO(exports.render("parquet", _rows(1500, [0]), COLUMNS, "s")))
    assert table.num_rows == 1500 and str(table.schema.field("start").type) == "int64"
    assert pq.read_table(io.BytesIO(exports.render("parquet", [], COLUMNS, "s"))).num_rows == 0


@pytest.mark.parametrize("what", ["statements", "targets"])
def test_export_streams_pages_and_returns_the_listing(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                      what: str) -> None:
    monkeypatch.setattr(api_exports, "PAGE", 3)  # many pages, so their seams are crossed
    listing = client.get(f"/api/{what}", params={"limit": 1000}).json()
    with client.stream("GET", f"/api/{what}.csv") as resp:
        assert resp.status_code == 200 and "content-length" not in resp.headers  # streamed, not sized
        body = b"".join(resp.iter_bytes())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == listing["total"] > 3
    assert [r["id"] for r in rows][:1000] == [x["id"] for x in listing["items"]]
    lines = client.get(f"/api/{what}.jsonl", params={"limit": 30}).text.splitlines()
    assert [json.loads(x)["id"] for x in lines] == [x["id"] for x in listing["items"][:30]]


def test_an_export_matching_nothing_is_a_header_only_file(client: TestClient) -> None:
    resp = client.get("/api/statements.csv", params={"period": "1900"})
    assert resp.status_code == 200 and resp.content.decode("utf-8-sig").strip().startswith("doc,start")
    assert len(resp.content.decode("utf-8-sig").strip().splitlines()) == 1
    assert client.get("/api/targets.jsonl", params={"period": "1900"}).content == b""


def test_plain_records_are_the_listings_rows(store_url: str) -> None:
    from planwatch.serve.read import queries
    from planwatch.store.db import open_store, session_factory

    engine = open_store(store_url)
    with session_factory(engine)() as s:
        for filters in ({}, {"kind": "target"}, {"region": "天津市", "measure": "growth"}):
            plain = queries.statement_records(s, **filters, limit=500, offset=3)
            items, _ = queries.statements(s, **filters, limit=500, offset=3)
            assert plain is not None and len(plain) == len(items)
            cols = api_exports.STATEMENT_COLUMNS
            assert [[r[c] for c in cols] for r in plain] == [[i.model_dump()[c] for c in cols] for i in items]
    engine.dispose()


NEW_DOCUMENT = (
    "INSERT INTO documents (sha256, name, source, version, format, meta, kind, reviews, plans, unsure,"
    " furniture, length) VALUES ('000', 'a.txt', '/a.txt', 1, 'txt', '{}', 'other', '[]', '[]', '[]',"
    " '[]', 9)"
)
NEW_STATEMENT = (
    'INSERT INTO statements (id, doc_sha, doc, start, "end", text, indicator, value, unit, comparator, kind,'
    " measure, direction, period, doubts) VALUES ('s0', '000', 'a.txt', 0, 1, '1', 'x', 1, '', '=',"
    " 'actual', 'level', 'none', '2020', '[]')"
)


def test_an_export_reads_one_snapshot_while_documents_are_stored(
    fresh_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document stored between two pages of an export changes neither its rows nor their count."""
    from sqlalchemy import text

    monkeypatch.setattr(api_exports, "PAGE", 5)
    expected = fresh_client.get("/api/statements.jsonl").text.splitlines()
    real = api_exports._rows
    engine = fresh_client.app.state.engine  # type: ignore[attr-defined]

    def rows(request: Any, fetch: Any, limit: int) -> Iterator[dict[str, Any]]:
        for i, row in enumerate(real(request, fetch, limit)):
            if i == 7:  # mid-export, another writer stores a document that sorts first
                with engine.begin() as conn:
                    conn.execute(text(NEW_DOCUMENT))
                    conn.execute(text(NEW_STATEMENT))
            yield row

    monkeypatch.setattr(api_exports, "_rows", rows)
    assert fresh_client.get("/api/statements.jsonl").text.splitlines() == expected
    monkeypatch.setattr(api_exports, "_rows", real)
    assert len(fresh_client.get("/api/statements.jsonl").text.splitlines()) == len(expected) + 1
