"""Comparator semantics and tolerances (tracking.md, "Comparators")."""

from __future__ import annotations

import pytest

from planwatch.track.compare import meets, parse_period, position, space_for, tolerance
from planwatch.track.rules import load_rules

from .helpers import SPEC_INDICATORS, st

RULES = load_rules()


def verdict(target_kw: dict, actual_kw: dict) -> bool:
    t = st("target", **target_kw)
    a = st("actual", **actual_kw)
    space = space_for(t, RULES, SPEC_INDICATORS)
    return meets(t, position(a, space), space, RULES)


@pytest.mark.parametrize(
    ("cmp", "target", "actual", "actual_cmp", "ok"),
    [
        ("=", 100, 100, "=", True),      # a plain figure is met when reached
        ("=", 100, 130, "=", True),      # ... or passed
        ("=", 100, 99, "=", False),
        (">=", 4000, 4000, "=", True),
        (">=", 4000, 3999, "=", False),
        (">", 1000, 1000, "=", False),   # 超过1000 is not met by exactly 1000
        (">", 1000, 1000, ">", True),    # ... but is by "more than 1000"
        (">", 1000, 1001, "=", True),
        ("<=", 36, 36, "=", True),       # ceilings: met at or below
        ("<=", 36, 37, "=", False),
        ("<", 36, 36, "=", False),
        ("<", 36, 35, "=", True),
        ("<", 36, 36, "<", True),        # "below 36" meets "below 36"
        ("~", 100, 91, "=", True),       # within 10%
        ("~", 100, 89, "=", False),
        ("~", 100, 250, "=", True),      # beyond, in the good direction
    ],
)
def test_comparators_on_levels(cmp: str, target: float, actual: float, actual_cmp: str, ok: bool) -> None:
    assert verdict({"value": target, "comparator": cmp}, {"value": actual, "comparator": actual_cmp}) is ok


@pytest.mark.parametrize(
    ("target", "actual", "ok"),
    [
        (3, 2.6, True),    # 0.5 points is wider than 10% of 3 (0.3)
        (3, 2.4, False),
        (10, 9.1, True),   # 10% of 10 (1.0) is wider than 0.5 points
        (10, 8.9, False),
        (5, 4.5, True),    # both bands equal at 5%
        (5, 4.49, False),
    ],
)
def test_about_growth_tolerance_is_the_wider_of_10pct_and_half_a_point(
    target: float, actual: float, ok: bool
) -> None:
    kw = {"measure": "growth", "direction": "up", "unit": "%", "indicator": "税收增长"}
    assert verdict({**kw, "value": target, "comparator": "~"}, {**kw, "value": actual}) is ok


def test_half_point_band_applies_to_shares_not_levels_in_percent_of_other_units() -> None:
    share = st("target", measure="share", unit="%", value=2, comparator="~")
    level = st("target", measure="level", unit="家", value=2, comparator="~")
    assert tolerance(share, RULES) == 0.5
    assert tolerance(level, RULES) == pytest.approx(0.2)


@pytest.mark.parametrize(("actual", "ok"), [(3.4, True), (3.6, False), (1.0, True), (3.0, True)])
def test_cpi_is_a_ceiling_even_when_written_about(actual: float, ok: bool) -> None:
    kw = {"canonical": "cpi", "indicator": "居民消费价格涨幅", "measure": "growth", "direction": "up",
          "unit": "%"}
    assert verdict({**kw, "value": 3, "comparator": "~"}, {**kw, "value": actual}) is ok


@pytest.mark.parametrize(("actual", "ok"), [(3.5, True), (3.7, False)])
def test_unemployment_plain_figure_is_a_ceiling(actual: float, ok: bool) -> None:
    kw = {"canonical": "unemployment_rate", "indicator": "城镇登记失业率", "measure": "share", "unit": "%"}
    assert verdict({**kw, "value": 3.6}, {**kw, "value": actual}) is ok


@pytest.mark.parametrize(
    ("value", "direction", "ok"),
    [(25, "down", True), (20, "down", True), (15, "down", False), (5, "up", False)],
)
def test_a_fall_is_met_when_at_least_as_large(value: float, direction: str, ok: bool) -> None:
    kw = {"indicator": "一般性支出", "measure": "growth", "unit": "%"}
    target = {**kw, "value": 20, "direction": "down", "comparator": ">="}
    assert verdict(target, {**kw, "value": value, "direction": direction}) is ok


@pytest.mark.parametrize(("value", "ok"), [(1.5, True), (2.5, False)])
def test_a_capped_fall_is_a_ceiling_on_its_size(value: float, ok: bool) -> None:
    kw = {"indicator": "工业产值", "measure": "growth", "unit": "%", "direction": "down"}
    assert verdict({**kw, "value": 2, "comparator": "<="}, {**kw, "value": value}) is ok


@pytest.mark.parametrize(("value", "ok"), [(3.5, True), (3.0, True), (2.5, False)])
def test_canonical_reduction_indicator_compares_sizes_of_the_fall(value: float, ok: bool) -> None:
    kw = {"canonical": "energy_intensity_reduction", "indicator": "单位GDP能耗下降", "measure": "growth",
          "unit": "%", "direction": "down"}
    assert verdict({**kw, "value": 3}, {**kw, "value": value}) is ok


def test_growth_target_not_met_by_a_fall() -> None:
    kw = {"canonical": "gdp_growth", "indicator": "地区生产总值", "measure": "growth", "unit": "%"}
    assert not verdict({**kw, "value": 5, "direction": "up"}, {**kw, "value": 1, "direction": "down"})
    assert verdict({**kw, "value": 5, "direction": "up"}, {**kw, "value": 5.2, "direction": "up"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020", (2020, 2020)), ("2016-2020", (2016, 2020)), ("2016—2020", (2016, 2020)), ("十三五", None),
     ("2020-2016", None), ("", None), ("0000", None)],
)
def test_parse_period(text: str, expected: tuple[int, int] | None) -> None:
    p = parse_period(text)
    assert (None if p is None else (p.start, p.end)) == expected
