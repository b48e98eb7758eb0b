"""Spec cases as data: tests/specs/zh/<rulefile>.yaml, one file per rule file.

Each case: ``input`` (a passage), optional ``section`` (review/plan/other, default review) and
``expect``: the statements, in order, each with ``text`` and any contract fields to check.
``partial: true`` checks only the listed statements (others may exist); ``not_yet: reason``
marks a known gap (the case is expected to fail and is reported as xfail).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import extract
from planwatch.model import Document, DocumentFacts, Section, Span, Structure

SPECS = Path(__file__).resolve().parents[2] / "specs" / "zh"
CASE_KEYS = {"input", "expect", "section", "partial", "not_yet", "periods", "note"}


def _cases() -> list[Any]:
    out = []
    for path in sorted(SPECS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        facts = data.get("facts", {})
        for i, case in enumerate(data["cases"]):
            marks = [pytest.mark.xfail(reason=case["not_yet"], strict=True)] if "not_yet" in case else []
            out.append(pytest.param(facts, case, id=f"{path.stem}-{i}", marks=marks))
    return out


def _structure(text: str, facts: dict[str, Any], case: dict[str, Any]) -> Structure:
    label = case.get("section", "review")
    periods = tuple(case.get("periods", ()))
    f = DocumentFacts("spec.txt", None, "work_report", None, None,
                      tuple(facts.get("reviews", ["2019"])), tuple(facts.get("plans", ["2020"])))
    sec = Section(0, len(text), Span(0, 0), "", 1, label, periods)
    return Structure(facts=f, sections=(sec,), body=Span(0, len(text)))


@pytest.mark.parametrize(("facts", "case"), _cases())
def test_spec_case(facts: dict[str, Any], case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    text = case["input"]
    got = extract(Document("spec.txt", text, text), _structure(text, facts, case))
    records = [s.to_record() for s in got]
    expect = case.get("expect") or []
    if not case.get("partial"):
        assert [r["text"] for r in records] == [e["text"] for e in expect]
    by_text = {}
    for r in records:
        by_text.setdefault(r["text"], r)
    for e in expect:
        assert e["text"] in by_text, f"{e['text']!r} not found in {[r['text'] for r in records]}"
        r = by_text[e["text"]]
        for key, want in e.items():
            if key == "indicator_contains":
                assert want in r["indicator"], (e["text"], r["indicator"])
            else:
                assert r[key] == want, f"{e['text']}: {key} = {r[key]!r}, expected {want!r}"


def test_every_rule_file_has_specs() -> None:
    rules = Path(__file__).resolve().parents[3] / "src" / "planwatch" / "rules" / "zh"
    from planwatch.extract.rulebook import EXTRACT_FILES

    missing = [name for name in EXTRACT_FILES if name != "outline" and not (SPECS / f"{name}.yaml").exists()]
    assert not missing, f"rule files without spec cases: {missing}"
    assert (rules / "numbers.yaml").exists()
