"""The rule files load, validate and compile; malformed rules are refused with the file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planwatch.errors import RuleError
from planwatch.extract import rulebook
from planwatch.extract.rulebook import EXTRACT_FILES, CanonicalId, expand, load
from planwatch.rules.loader import rules_dir, validate


def test_all_rule_files_load_and_validate() -> None:
    book = load("zh")
    assert set(EXTRACT_FILES) <= set(vars(book))
    assert {i.id for i in book.headline} >= {"gdp", "gdp_growth", "new_jobs", "pm25"}
    for name in book.numbers.patterns:
        book.compile("{" + name + "}")


def test_indicators_tsv_is_the_contract_copy() -> None:
    shipped = rules_dir() / "indicators.tsv"
    contract = Path(__file__).resolve().parents[2] / "data" / "spec" / "indicators.tsv"
    assert shipped.read_text(encoding="utf-8") == contract.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("patterns: {Digit: '[0-9]'}\nmax_length: 3\nscales: []\nbogus: 1\n",
         r"numbers\.yaml: bogus: unknown key"),
        ("patterns: {Digit: '[0-9]'}\nscales: []\n", "'max_length' is missing"),
        ("patterns: {Digit: 3}\nmax_length: 3\nscales: []\n", r"patterns\.Digit: 3 is not of type 'string'"),
        ("patterns: {}\nmax_length: 3\nscales: [{word: 万, factor: 10000, x: 1}]\n",
         r"scales\[0\]\.x: unknown key"),
        ("patterns: {}\nmax_length: true\nscales: []\n", "not of type 'integer'"),
    ],
)
def test_malformed_rules_are_refused(content: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        validate(yaml.safe_load(content), "numbers.yaml")


def test_named_patterns_expand_and_unknown_references_fail() -> None:
    named = {"Digit": "[0-9]", "Number": "{Digit}+(?:[.]{Digit}+)?"}
    assert expand("{Number}%", named) == "(?:(?:[0-9])+(?:[.](?:[0-9])+)?)%"
    with pytest.raises(RuleError, match="unknown pattern reference"):
        expand("{Nope}", named)
    with pytest.raises(RuleError, match="nest too deep"):
        expand("{A}", {"A": "{A}"})


def test_alternation_prefers_longer_words() -> None:
    import re

    alt = rulebook.alternation(["以", "以上", "及以上"])
    assert re.match(alt, "及以上").group() == "及以上"
    assert re.match(alt, "以上").group() == "以上"
    assert rulebook.alternation([]) == "(?!)"


def test_break_classes_nest() -> None:
    """Sentence breaks are segment breaks, which are clause breaks (the engine cuts in one pass)."""
    import re

    ind = load("zh").indicators
    chars = "，,；;。：:！!？?\n、 ．.（）()“”"
    for c in chars:
        if re.fullmatch(ind.sentence_breaks, c):
            assert re.fullmatch(ind.segment_breaks, c), c
        if re.fullmatch(ind.segment_breaks, c):
            assert re.fullmatch(ind.clause_breaks, c), c


def test_every_headline_indicator_has_spec_cases() -> None:
    """Each id of indicators.tsv is named by some spec case (tests/specs/zh), in a report's wording."""
    specs = Path(__file__).resolve().parents[2] / "specs" / "zh"
    named = {
        e["canonical"]
        for path in specs.glob("*.yaml")
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        if "not_yet" not in case
        for e in case.get("expect") or []
        if e.get("canonical")
    }
    assert {i.id for i in load("zh").headline} <= named


def test_bad_canonical_pattern_is_refused() -> None:
    canonical = rulebook.Canonical((), (), {"gdp": CanonicalId(patterns=("(unclosed",))})
    with pytest.raises(RuleError, match=r"canonical\.yaml: ids\.gdp\.patterns: bad pattern"):
        rulebook._load_indicators(canonical)
