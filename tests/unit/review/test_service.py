"""Recording corrections on a real document: span edits, repeated decisions, validation, history."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from planwatch.review import service
from planwatch.review.records import ReviewError
from planwatch.store.db import transaction
from planwatch.store.ingest import reextract

from .conftest import DOC


def _review(engine: Engine) -> service.DocumentReview:
    with transaction(engine) as s:
        r = service.document_review(s, DOC)
    assert r is not None
    return r


def test_span_edit_survives_reextract_without_duplicates(engine: Engine) -> None:
    r = _review(engine)
    item = r.items[4]
    st = item.statement
    wider = st.start - 1
    with transaction(engine) as s:
        row = service.record(s, r.sha, "edit", "ann", item=item.key, fields={"start": wider})
    assert row is not None and (row.key_start, row.key_end) == (st.start, st.end)
    assert reextract(engine).counts["reextracted"] == 1
    after = _review(engine)
    spans = [(i.statement.start, i.statement.end) for i in after.items]
    assert (wider, st.end) in spans and (st.start, st.end) not in spans
    assert len(spans) == len(set(spans)) == len(after.machine)
    got = next(i for i in after.items if i.correction == row.id).statement
    assert got.text == r.text[wider:st.end]


def test_confirming_an_edit_keeps_it_and_history_tells_the_story(engine: Engine) -> None:
    r = _review(engine)
    item = r.items[2]
    with transaction(engine) as s:
        row = service.record(s, r.sha, "edit", "ann", item=item.key, fields={"period": "2019"})
        assert row is not None
        service.record(s, r.sha, "confirm", "bob", item=f"c-{row.id}")
    r2 = _review(engine)
    got = next(i for i in r2.items if i.correction == row.id)
    assert got.action == "edit" and got.statement.period == "2019"
    with transaction(engine) as s:
        h = service.history(s, r2.sha, service.item_spans(r2, got))
    assert [(e["actor"], e["event"]) for e in h] == [("ann", "correction.edit"), ("bob", "correction.edit")]
    assert h[0]["before"]["period"] == item.statement.period and h[0]["after"]["period"] == "2019"


def test_an_added_statement_can_be_deleted_again(engine: Engine) -> None:
    r = _review(engine)
    free = next(i for i in range(len(r.text) - 2) if r.text[i].isdigit() and all(
        it.statement.end <= i or i + 1 <= it.statement.start for it in r.items))
    fields = {"indicator": "x", "value": 1, "unit": "个", "comparator": "=", "kind": "actual",
              "measure": "level", "direction": "none", "period": "2020"}
    with transaction(engine) as s:
        row = service.record(s, r.sha, "add", "ann", start=free, end=free + 1, fields=fields)
    assert row is not None
    with transaction(engine) as s:
        service.record(s, r.sha, "delete", "ann", item=f"c-{row.id}")
    after = _review(engine)
    assert len(after.items) == len(r.items) and all(i.correction is None for i in after.items)


@pytest.mark.parametrize("fields", [
    {"kind": "guess"}, {"period": "20"}, {"value": "NaN"}, {"value": "x"}, {"unit": ""},
    {"start": -1}, {"end": 10**9}, {"doc": "other.txt"}, {"text": "forged"},
])
def test_invalid_edits_are_refused(engine: Engine, fields: dict) -> None:
    r = _review(engine)
    with pytest.raises(ReviewError), transaction(engine) as s:
        service.record(s, r.sha, "edit", "ann", item=r.items[0].key, fields=fields)
    assert _review(engine).corrections == {}
