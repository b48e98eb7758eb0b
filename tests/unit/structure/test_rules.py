"""The rule files: every entry is valid and does what its spec cases say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planwatch.errors import RuleError
from planwatch.rules.loader import rules_dir
from planwatch.structure.rules import load, rules

ALL = rules().all


def test_every_entry_has_a_case() -> None:
    assert len(ALL) > 30
    missing = [r.name for r in ALL if not r.examples]
    assert not missing, f"rule entries without examples: {missing}"


@pytest.mark.parametrize("rule", ALL, ids=[r.name for r in ALL])
def test_examples_match_and_counter_examples_do_not(rule) -> None:
    for text in rule.examples:
        assert rule.search(text), f"{rule.name} should match {text!r}"
    for text in rule.counter:
        assert not rule.search(text), f"{rule.name} should not match {text!r}"


def test_numbered_headings_match_at_line_start_only() -> None:
    by_id = {n.id: n for n in rules().numbered}
    assert by_id["cn_item"].rule.regex.match("一、2023年工作回顾")
    assert not by_id["cn_item"].rule.regex.match("完成了一、二期工程")
    assert [n.rank for n in rules().numbered] == sorted(n.rank for n in rules().numbered)


def _copy(tmp_path: Path) -> Path:
    (tmp_path / "zh").mkdir()
    for name in ("structure.yaml", "documents.yaml"):
        shutil.copy(rules_dir() / name, tmp_path / "zh" / name)
    return tmp_path


def test_loads_a_copy(tmp_path: Path) -> None:
    assert load(_copy(tmp_path)).max_title_chars == rules().max_title_chars


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("version: 1", "version: 2", "version"),
        ("max_title_chars: 40", "max_title_chars: forty", "integer"),
        ("pattern: '第[一二三四五六七八九十百]+章'", "pattern: '第[一二三'", "bad pattern"),
        ("  labels:\n", "  labelz:\n", "labelz: unknown key"),
    ],
)
def test_bad_rule_files_are_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    d = _copy(tmp_path)
    path = d / "zh" / "structure.yaml"
    text = path.read_text(encoding="utf-8")
    if old == "  labels:\n":
        old, new = "\nlabels:\n", "\nlabelz:\n"
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load(d)


def test_level_words_are_checked(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    path = d / "zh" / "documents.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("省: {levels: [1]", "省: {levels: [7]", 1), encoding="utf-8")
    with pytest.raises(RuleError, match="levels"):
        load(d)
