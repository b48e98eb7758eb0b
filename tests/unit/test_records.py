"""``planwatch.records``: JSONL in and out, record ⇄ model, the same defaults for every caller."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from planwatch.errors import PlanWatchError
from planwatch.model import Span, Statement
from planwatch.records import (
    facts_from_record,
    iter_jsonl,
    judgement_from_record,
    read_jsonl,
    statement_from_record,
    statement_json,
    write_jsonl,
)

REC = {"doc": "a.txt", "start": 3, "end": 6, "text": "5%", "indicator": "增长", "canonical": None,
       "value": 5, "unit": "%", "comparator": "~", "kind": "target", "measure": "growth",
       "direction": "up", "period": "2020"}


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    st = statement_from_record(REC)
    with path.open("w", encoding="utf-8") as f:
        write_jsonl([st.to_record()], f)
    assert read_jsonl(path) == [st.to_record()]
    assert statement_from_record(read_jsonl(path)[0]) == st


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(PlanWatchError, match=r"bad\.jsonl:3: not JSON"):
        read_jsonl(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanWatchError, match=r"nope\.jsonl"):
        read_jsonl(tmp_path / "nope.jsonl")
    assert read_jsonl(tmp_path / "nope.jsonl", missing_ok=True) == []


def test_reading_streams(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"a": 1}\n{broken\n', encoding="utf-8")
    it = iter_jsonl(path)
    assert next(it) == {"a": 1}


def test_defaults_and_doc_override() -> None:
    bare = {k: REC[k] for k in ("doc", "start", "end", "text", "value", "kind")}
    st = statement_from_record({**bare, "canonical": ""}, doc="b.txt")
    assert (st.doc, st.indicator, st.unit, st.comparator, st.measure, st.direction, st.period) == (
        "b.txt", "", "", "=", "level", "none", "")
    assert st.canonical == "" and st.doubts == () and st.sentence is None
    assert statement_from_record({**REC, "doubts": ["x"]}).doubts == ("x",)
    full = replace(statement_from_record(REC), doubts=("y",), sentence=Span(0, 9))
    assert statement_from_record(statement_json(full)) == full


def test_facts_and_judgements() -> None:
    f = facts_from_record({"region": "深圳市"}, "c.txt")
    assert (f.doc, f.region, f.kind) == ("c.txt", "深圳市", "other")
    rec = {**{k: REC[k] for k in ("doc", "start", "end", "text", "indicator", "canonical", "period")},
           "region": "深圳市", "status": "met",
           "evidence": [{"doc": "d.txt", "start": 1, "end": 3, "text": "6%", "value": 6, "period": "2020"}]}
    j = judgement_from_record(rec, {})
    assert j.target.kind == "target" and j.target.direction == "up" and j.target.value == 0
    assert j.evidence[0].statement.kind == "actual" and j.evidence[0].statement.unit == ""
    known = statement_from_record(REC)
    assert judgement_from_record(rec, {("a.txt", 3, 6): known}).target is known
    assert isinstance(j.target, Statement)
    buf = io.StringIO()
    write_jsonl([{"a": "中"}], buf)
    assert buf.getvalue() == '{"a": "中"}\n'
