"""``analyse`` honours the facts a person gave in ``Document.meta`` (the dashboard's edits rely on it):
the region and kind given win, and statements under 今年 / 过去一年 follow the year given."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from planwatch.extract import extract
from planwatch.ingest import load
from planwatch.structure import analyse

TRACKING = Path(__file__).resolve().parents[2] / "data" / "corpus" / "tracking"


def test_analyse_reads_statements_with_the_given_facts() -> None:
    """宝安区 2023: 过去一年 is 2022 as read; given 2024, it is 2023, and the region is the one given."""
    doc = load(TRACKING / "baoan-2023-work-report.txt")
    read = analyse(doc)
    assert (read.facts.region, read.facts.plans) == ("广东省深圳市宝安区", ("2023",))
    periods = Counter(s.period for s in extract(doc, read))
    moved = replace(doc, meta={**doc.meta, "given_year": "2024", "given_region": "北京市东城区",
                               "given_kind": "plan_report"})
    structure = analyse(moved)
    assert (structure.facts.region, structure.facts.kind) == ("北京市东城区", "plan_report")
    assert "2024" in structure.facts.plans and "2023" in structure.facts.reviews
    after = Counter(s.period for s in extract(moved, structure))
    assert periods["2022"] > 50 and after["2022"] < 5  # the review's figures moved a year on
    assert after["2023"] > periods["2023"] + 50


def test_a_malformed_given_value_is_ignored() -> None:
    doc = load(TRACKING / "futian-2022-work-report.txt")
    read = analyse(doc).facts
    odd = analyse(replace(doc, meta={"given_year": "twenty", "given_kind": "novel"})).facts
    assert (odd.kind, odd.plans, odd.reviews) == (read.kind, read.plans, read.reviews)
