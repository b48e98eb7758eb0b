"""Property tests: random record sets score in [0, 1], exactly as the reference, and gold vs gold = 1."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.evaluate.score import score

from ._reference import ref_score

DOCS = ("a.txt", "b.txt")


@st.composite
def records(draw: st.DrawFn, digits_only: bool = False) -> dict:
    start = draw(st.integers(0, 40))
    length = draw(st.integers(1, 8))
    texts = ("5%", "１２万人", "3家") if digits_only else ("5%", "１２万人", "3家", "若干")
    text = draw(st.sampled_from(texts))
    return {
        "doc": draw(st.sampled_from(DOCS)),
        "start": start,
        "end": start + length,
        "text": text,
        "indicator": draw(st.sampled_from(("收入", "一般收入", "就业", " 就 业 ", ""))),
        "canonical": draw(st.sampled_from((None, "gdp", "gdp_growth"))),
        "value": draw(st.sampled_from((1, 2, 2.00001, 5, 120000))),
        "unit": draw(st.sampled_from(("%", "人", " 人")),),
        "comparator": draw(st.sampled_from(("=", "~", ">="))),
        "kind": draw(st.sampled_from(("target", "actual"))),
        "measure": draw(st.sampled_from(("level", "growth"))),
        "direction": draw(st.sampled_from(("up", "none"))),
        "period": draw(st.sampled_from(("2020", "2016-2020"))),
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(records(), max_size=12), st.lists(records(), max_size=12))
def test_random_sets_score_like_the_reference_and_in_range(gold: list[dict], pred: list[dict]) -> None:
    mine = score(gold, pred).to_dict()
    assert mine == ref_score(gold, pred)
    for key, value in mine.items():
        if key in ("gold", "predicted", "matched"):
            assert isinstance(value, int) and value >= 0
            assert mine["matched"] <= min(mine["gold"], mine["predicted"])
        elif value is not None:
            assert 0.0 <= value <= 1.0, key
    assert mine["strict_f1"] <= mine["f1"]


@settings(max_examples=100, deadline=None)
@given(st.lists(records(digits_only=True), min_size=1, max_size=12))
def test_gold_against_itself_scores_one(gold: list[dict]) -> None:
    s = score(gold, gold)
    assert s.precision == s.recall == s.f1 == 1.0
    assert s.strict_precision == s.strict_recall == s.strict_f1 == 1.0
    assert s.span_exact == 1.0
    for name in ("unit", "comparator", "kind", "measure", "direction", "period", "canonical"):
        assert s.agreement[name] in (1.0, None), name
