"""``structure.given.apply_given``: facts a person gave (Document.meta given_*) laid over the engine's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.model import GIVEN_FACT_KEYS, DocumentFacts
from planwatch.structure.given import Given, apply_given, given

FACTS = DocumentFacts(
    doc="d.txt", region="广东省深圳市宝安区", kind="work_report", delivered=None, published=None,
    reviews=("2022",), plans=("2023",), unsure=("region: no region named", "year: no year in the text"),
)


def test_the_meta_keys_are_the_models() -> None:
    meta = dict(zip(GIVEN_FACT_KEYS, ("北京市东城区", "2024", "plan_report"), strict=True))
    assert given(meta) == Given("北京市东城区", 2024, "plan_report")
    assert given(meta).fields() == ("region", "year", "kind")


@pytest.mark.parametrize(
    "meta",
    [{}, {"given_year": "0"}, {"given_year": "twenty"}, {"given_year": "2200"}, {"given_kind": "novel"},
     {"given_region": "  "}, {"title": "2024年政府工作报告"}],
)
def test_malformed_or_missing_values_are_not_given(meta: dict[str, str]) -> None:
    assert given(meta) == Given()
    assert apply_given(FACTS, meta) is FACTS


def test_region_and_kind_replace_the_engines_and_drop_their_doubts() -> None:
    out = apply_given(FACTS, {"given_region": "北京市东城区", "given_kind": "plan_report"})
    assert (out.region, out.kind) == ("北京市东城区", "plan_report")
    assert out.unsure == ("year: no year in the text",)
    assert (out.reviews, out.plans) == (FACTS.reviews, FACTS.plans)


def test_a_given_year_sets_the_plans_and_reviews_of_a_yearly_report() -> None:
    out = apply_given(FACTS, {"given_year": "2025"})
    assert (out.reviews, out.plans, out.unsure) == (("2024",), ("2025",), ("region: no region named",))
    unknown = replace(FACTS, reviews=(), plans=())
    assert (apply_given(unknown, {"given_year": 2021}).plans) == ("2021",)
    term = replace(FACTS, reviews=("2018-2022",), plans=())  # a term's review ending the year before
    assert apply_given(term, {"given_year": "2023"}).reviews == ("2018-2022",)


def test_a_given_year_leaves_the_periods_of_a_five_year_plan() -> None:
    plan = replace(FACTS, kind="five_year_plan", reviews=(), plans=("2021-2025",))
    out = apply_given(plan, {"given_year": "2023"})
    assert out.plans == ("2021-2025",) and not any(u.startswith("year") for u in out.unsure)
