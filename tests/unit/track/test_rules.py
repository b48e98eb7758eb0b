"""tracking.yaml: validation, and every rule entry exercised by a spec case of cases.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.errors import RuleError
from planwatch.rules.loader import rules_dir
from planwatch.track.compare import space_for
from planwatch.track.link import is_stock, unit_factor
from planwatch.track.link_rules import load_link_rules
from planwatch.track.match import Idf, confidence
from planwatch.track.report import domain_of
from planwatch.track.rules import Indicator, load_rules, parse_rules
from planwatch.track.words import indicator_profile

from .helpers import st

RULES = load_rules()
CASES: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "cases.yaml").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES["better"], ids=lambda c: c["indicator"])
def test_better_direction(case: dict[str, Any]) -> None:
    t = st(indicator=case["indicator"], text=case.get("text", "1"), measure=case["measure"],
           direction=case.get("direction", "none"), unit="%")
    space = space_for(t, RULES, {})
    assert space.better == case["expect"]
    assert space.fall is case.get("fall", False)


@pytest.mark.parametrize("case", CASES["fall_names"], ids=lambda c: c["name"])
def test_fall_named_canonical_indicators(case: dict[str, Any]) -> None:
    ind = {"x": Indicator("x", case["name"], "growth", "%", case["better"])}
    t = st(indicator=case["name"], canonical="x", measure="growth", direction="down", unit="%")
    assert space_for(t, RULES, ind).fall
    assert not space_for(t, RULES, {"x": Indicator("x", "税收", "growth", "%", "up")}).fall


@pytest.mark.parametrize("case", CASES["stocks"], ids=lambda c: c["indicator"])
def test_stock_or_flow(case: dict[str, Any]) -> None:
    t = st(indicator=case["indicator"], canonical=case.get("canonical"))
    assert is_stock(t, RULES) is (case["expect"] == "stock")


@pytest.mark.parametrize("case", CASES["names"], ids=lambda c: f"{c['a']}~{c['b']}")
def test_name_linking(case: dict[str, Any]) -> None:
    # figures known by their indicator words alone (no document text): the linker still decides
    a, b = indicator_profile(case["a"]), indicator_profile(case["b"])
    assert (confidence(a, b, Idf.of([a, b]), load_link_rules()) > 0) is case["link"]


@pytest.mark.parametrize("case", CASES["units"], ids=lambda c: f"{c['target']}<-{c['other']}")
def test_units(case: dict[str, Any]) -> None:
    got = unit_factor(st(unit=case["target"]), st("actual", unit=case["other"]), RULES)
    assert got == (None if case["factor"] is None else pytest.approx(case["factor"]))


@pytest.mark.parametrize("case", CASES["domains"], ids=lambda c: c["indicator"])
def test_domains(case: dict[str, Any]) -> None:
    t = st(indicator=case["indicator"], canonical=case.get("canonical"))
    assert domain_of(t, RULES) == case["expect"]


def _texts(section: str, *keys: str) -> list[str]:
    return [str(c.get(k, "")) for c in CASES[section] for k in keys]


def test_every_rule_entry_has_a_case() -> None:
    better = _texts("better", "indicator", "text")
    missing = [w for w in RULES.lower_is_better if not any(w in t for t in better)]
    missing += [w for w in RULES.reduction_prefixes if not any(t.startswith(w) for t in better)]
    missing += [w for w in RULES.fall_names if not any(w in t for t in _texts("fall_names", "name"))]
    stocks = _texts("stocks", "indicator")
    missing += [w for w in RULES.flow_words + RULES.stock_words if not any(w in t for t in stocks)]
    missing += [c for c in RULES.stock_canonical if c not in _texts("stocks", "canonical")]
    units = set(_texts("units", "target", "other"))
    missing += [u for g in RULES.unit_groups for u in g if u not in units]
    missing += [u for u in RULES.unit_factors if u not in units]
    names = _texts("domains", "indicator")
    for d in RULES.domains:
        missing += [f"{d.name}:{w}" for w in d.words if not any(w in t for t in names)]
        assert any(c.get("canonical") in d.canonical for c in CASES["domains"]), d.name
    assert missing == []


def _raw() -> dict[str, Any]:
    return yaml.safe_load((rules_dir() / "tracking.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tolerance",), None, "tracking.yaml: \\(top\\): 'tolerance' is missing"),
        (("reasons", "missed"), None, "reasons: 'missed' is missing"),
        (("linking", "unit_factors"), {"公顷": "平方米"}, "unit_factors"),
        (("better", "lower_is_better"), ["失业率", ""], "non-empty string"),
        (("labels", "status"), {"achieved": "x"}, "labels.status"),
        (("report", "title"), None, "report: 'title' is missing"),
        (("report", "titel"), "x", "report.titel: unknown key"),
    ],
)
def test_validation_names_the_bad_entry(path: tuple[str, ...], value: Any, message: str) -> None:
    raw = _raw()
    node = raw
    for k in path[:-1]:
        node = node[k]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    with pytest.raises(RuleError, match=message):
        parse_rules(raw)


def test_packaged_rules_parse() -> None:
    assert parse_rules(_raw()).relative_tolerance == 0.1
