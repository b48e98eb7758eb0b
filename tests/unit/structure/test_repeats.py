"""A report pasted twice in one file is read once; a report repeating a sentence is read whole."""

from __future__ import annotations

import time

import pytest

from planwatch.extract import extract
from planwatch.model import Statement, Structure
from planwatch.structure import analyse
from planwatch.structure.repeats import second_copy

from ._docs import DATA, doc_of

FUTIAN = (DATA / "corpus" / "tracking" / "futian-2022-work-report.txt").read_text(encoding="utf-8")
TITLE = "深圳市福田区2022年政府工作报告\n\n"


def _read(text: str) -> tuple[Structure, list[Statement]]:
    doc = doc_of(text)
    st = analyse(doc)
    return st, extract(doc, st)


def _key(st: Structure, stmts: list[Statement], text: str) -> list[tuple[object, ...]]:
    """Each statement relative to the body's start (the first copy may sit after a title)."""
    assert st.body is not None
    return [(s.start - st.body.start, s.text, s.indicator, s.value, s.unit, s.kind, s.period) for s in stmts]


SINGLE_ST, SINGLE = _read(FUTIAN)

TWICE = {
    "back to back": FUTIAN + FUTIAN,
    "a line between": FUTIAN + "\n\n" + FUTIAN,
    "a title before each": TITLE + FUTIAN + "\n" + TITLE + FUTIAN,
    "other white space": TITLE + FUTIAN + "\n" + TITLE + FUTIAN.replace("\n", "\n\n").replace("，", "， "),
    "cut short": FUTIAN + "\n" + FUTIAN[: len(FUTIAN) * 2 // 3],
}


@pytest.mark.parametrize("text", TWICE.values(), ids=TWICE.keys())
def test_a_report_pasted_twice_is_read_once(text: str) -> None:
    st, stmts = _read(text)
    assert _key(st, stmts, text) == _key(SINGLE_ST, SINGLE, FUTIAN)
    assert st.facts == SINGLE_ST.facts
    assert [(s.title, s.label, s.periods) for s in st.sections] == [
        (s.title, s.label, s.periods) for s in SINGLE_ST.sections
    ]
    assert st.body is not None and text[st.body.start:st.body.end].strip() == FUTIAN.strip()
    second = text.index("各位代表", st.body.end)
    assert st.in_furniture(second) and st.in_furniture(len(text.rstrip()) - 1)
    # no target twice: each (indicator, value, period) of the single copy is there once
    assert len({(s.indicator, s.value, s.period, s.start) for s in stmts}) == len(SINGLE)


def test_a_report_repeating_a_sentence_or_two_is_not_cut() -> None:
    figure = SINGLE[len(SINGLE) // 3].start  # a paragraph with figures, said again at the end
    para = FUTIAN[FUTIAN.rindex("\n", 0, figure) + 1:FUTIAN.index("\n", figure) + 1]
    opening = FUTIAN[: FUTIAN.index("\n", 200) + 1]  # the salutation and the first lines again
    text = FUTIAN.rstrip() + "\n" + para + opening
    st, stmts = _read(text)
    assert st.body is not None and st.body.end == len(text.rstrip())
    assert not any(f.start >= len(FUTIAN.rstrip()) for f in st.furniture)
    assert len(stmts) > len(SINGLE)


def test_two_reports_with_the_same_opening_are_both_read() -> None:
    """Two years' reports in one file open with the same salutation: not a second copy."""
    opening = FUTIAN[: FUTIAN.index("\n", 60) + 1]
    later = (DATA / "corpus" / "tracking" / "futian-2023-work-report.txt").read_text(encoding="utf-8")
    later = opening + later[later.index("\n", 60) + 1:]
    text = FUTIAN + "\n" + later
    assert second_copy(text, 0, len(text)) is None
    st, _ = _read(text)
    assert st.body is not None and st.body.end == len(text.rstrip())


def test_finding_a_second_copy_is_linear() -> None:
    big = (FUTIAN * (5_000_000 // len(FUTIAN) + 1))[:5_000_000]
    lines = (f"第{i}段：全区新增就业{i}人，完成投资{i * 7}亿元。\n" for i in range(200_000))
    distinct = "".join(lines)[:5_000_000]
    for text, copy in ((big, len(FUTIAN)), (distinct, None)):
        t0 = time.perf_counter()
        assert second_copy(text, 0, len(text)) == copy
        assert time.perf_counter() - t0 < 3.0
