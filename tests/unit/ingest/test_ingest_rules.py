"""The ingest rules file: valid, and every entry's spec cases hold."""

from __future__ import annotations

import pytest

from planwatch.ingest.rules import RuleError, check, parse, rules


def test_every_spec_case_holds() -> None:
    assert check() == []


def test_every_rule_has_cases() -> None:
    for rule in rules().all():
        assert rule.examples, f"{rule.name} has no example"
        assert rule.counter, f"{rule.name} has no counter-example"


def test_furniture_only_on_short_lines() -> None:
    r = rules()
    assert r.is_furniture("版权所有：某区人民政府")
    long_line = "全区新增市场主体1.2万户，版权所有登记" + "增长" * 50
    assert not r.is_furniture(long_line)


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"furniture": {"max_len": 0, "patterns": ["x"]}},
        {"furniture": {"max_len": 10, "patterns": ["("]}},
        {"furniture": {"max_len": 10, "patterns": [{"pattern": "x", "oops": 1}]}},
    ],
)
def test_malformed_rules_are_refused(bad: object) -> None:
    with pytest.raises(RuleError):
        parse(bad)
