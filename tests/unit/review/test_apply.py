"""The pure apply step: consumption, absorption, no duplicates."""

from __future__ import annotations

from dataclasses import replace

from planwatch.model import Statement
from planwatch.review.apply import Correction, apply

BASE = Statement("d.txt", 10, 14, "4万人", "新增就业", None, 40000.0, "人", "=", "target", "level",
                 "none", "2020")
OTHER = Statement("d.txt", 30, 32, "5%", "增长", None, 5.0, "%", "=", "target", "growth", "up", "2020")


def rec(st: Statement, **changes: object) -> dict:
    return {**st.to_record(), **changes}


def test_edit_replaces_the_machine_statement_and_is_active() -> None:
    c = Correction("c1", "h", 10, 14, "edit", rec(BASE, value=50000), rec(BASE))
    out = apply([("m1", "h", BASE), ("m2", "h", OTHER)], [c])
    assert [i.statement.value for i in out.items] == [50000.0, 5.0]
    assert out.states == {"c1": "active"} and out.consumed == {"m1": "c1"}


def test_confirm_of_unchanged_output_is_absorbed() -> None:
    c = Correction("c1", "h", 10, 14, "confirm", rec(BASE), rec(BASE))
    out = apply([("m1", "h", BASE)], [c])
    assert len(out.items) == 1 and out.states["c1"] == "absorbed"


def test_delete_is_absorbed_once_the_machine_drops_the_statement() -> None:
    c = Correction("c1", "h", 30, 32, "delete", None, rec(OTHER))
    assert apply([("m1", "h", BASE), ("m2", "h", OTHER)], [c]).states["c1"] == "active"
    out = apply([("m1", "h", BASE)], [c])
    assert out.states["c1"] == "absorbed" and [i.key for i in out.items] == ["m1"]


def test_added_statement_found_later_by_the_machine_is_not_duplicated() -> None:
    c = Correction("c1", "h", 30, 32, "add", rec(OTHER), None)
    assert apply([("m1", "h", BASE)], [c]).states["c1"] == "active"
    out = apply([("m1", "h", BASE), ("m2", "h", OTHER)], [c])
    assert len(out.items) == 2 and out.states["c1"] == "absorbed"
    # a machine reading of the same characters with a wider span is consumed too
    wider = replace(OTHER, start=29, text="近5%", comparator="~")
    out = apply([("m1", "h", BASE), ("m2", "h", wider)], [c])
    assert len(out.items) == 2 and out.states["c1"] == "active"


def test_moved_span_still_matches_by_overlap_and_value() -> None:
    c = Correction("c1", "h", 10, 14, "edit", rec(BASE, kind="actual"), rec(BASE))
    moved = replace(BASE, start=9, text="约4万人", comparator="~")
    out = apply([("m1", "h", moved)], [c])
    assert [i.statement.kind for i in out.items] == ["actual"] and out.consumed == {"m1": "c1"}


def test_corrections_of_another_document_change_nothing() -> None:
    c = Correction("c1", "other", 10, 14, "delete", None, rec(BASE))
    out = apply([("m1", "h", BASE)], [c])
    assert [i.key for i in out.items] == ["m1"] and out.states["c1"] == "absorbed"
