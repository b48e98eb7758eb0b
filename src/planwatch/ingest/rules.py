"""The ingest stage's language data: ``rules/zh/ingest.yaml``, validated and compiled.

Each rule is a regular expression with spec cases (strings it must match and strings it must
not); :func:`check` runs them all. Nothing in Python names a Chinese word: it is all in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from planwatch.errors import RuleError
from planwatch.rules import loader
from planwatch.rules.loader import Rule

RULES_FILE = "ingest.yaml"


@dataclass(frozen=True)
class IngestRules:
    """Every rule of the ingest stage."""

    furniture_max_len: int
    furniture: tuple[Rule, ...]
    page_number: tuple[Rule, ...]
    heading_start: tuple[Rule, ...]
    line_final: Rule
    line_initial_closer: Rule
    published_label: Rule
    published_label_weak: Rule
    publisher_label: Rule
    date: Rule

    def is_furniture(self, line: str) -> bool:
        """Whether ``line`` is web-page or PDF furniture (menus, footers, toolbars)."""
        s = line.strip()
        return bool(s) and len(s) <= self.furniture_max_len and any(r.search(s) for r in self.furniture)

    def is_page_number(self, line: str) -> bool:
        return bool(line.strip()) and any(r.search(line) for r in self.page_number)

    def starts_heading(self, line: str) -> bool:
        return any(r.search(line) for r in self.heading_start)

    def ends_clause(self, line: str) -> bool:
        return self.line_final.search(line) is not None

    def starts_with_closer(self, line: str) -> bool:
        """Whether ``line`` starts with punctuation that never opens a line (it continues the last)."""
        return self.line_initial_closer.search(line) is not None

    def all(self) -> Iterator[Rule]:
        yield from self.furniture
        yield from self.page_number
        yield from self.heading_start
        yield from (self.line_final, self.line_initial_closer)
        yield from (self.published_label, self.published_label_weak, self.publisher_label, self.date)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(RULES_FILE, where, "expected a list of strings")
    return tuple(value)


def _rule(entry: Any, where: str) -> Rule:
    if isinstance(entry, str):
        entry = {"pattern": entry}
    regex = loader.compile_pattern(entry["pattern"], RULES_FILE, where)
    name = str(entry.get("name", where))
    return Rule(name, regex, _strings(entry.get("examples"), where), _strings(entry.get("counter"), where))


def _rule_list(value: Any, where: str) -> tuple[Rule, ...]:
    if not isinstance(value, list) or not value:
        raise RuleError(RULES_FILE, where, "expected a non-empty list of rules")
    return tuple(_rule(e, f"{where}[{i}]") for i, e in enumerate(value))


def parse(data: Any) -> IngestRules:
    """Validate the parsed YAML document (against its schema) and compile it."""
    loader.validate(data, RULES_FILE)
    try:
        furn = data["furniture"]
        max_len = furn["max_len"]
        if not isinstance(max_len, int) or max_len <= 0:
            raise RuleError(RULES_FILE, "furniture.max_len", "expected a positive integer")
        return IngestRules(
            furniture_max_len=max_len,
            furniture=_rule_list(furn["patterns"], "furniture.patterns"),
            page_number=_rule_list(data["page_number"], "page_number"),
            heading_start=_rule_list(data["heading_start"], "heading_start"),
            line_final=_rule(data["line_final"], "line_final"),
            line_initial_closer=_rule(data["line_initial_closer"], "line_initial_closer"),
            published_label=_rule(data["published_label"], "published_label"),
            published_label_weak=_rule(data["published_label_weak"], "published_label_weak"),
            publisher_label=_rule(data["publisher_label"], "publisher_label"),
            date=_rule(data["date"], "date"),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise RuleError(RULES_FILE, "", f"missing or malformed section: {exc}") from exc


def load(folder: Path | None = None, lang: str = "zh") -> IngestRules:
    """Read, validate and compile ``ingest.yaml`` (of ``folder`` when given)."""
    return parse(loader.read(RULES_FILE, lang, folder))


@lru_cache(maxsize=1)
def rules() -> IngestRules:
    """The compiled rules (loaded once)."""
    return load()


def check(r: IngestRules | None = None) -> list[str]:
    """Run every spec case; return one message per failure (empty when all hold)."""
    return loader.check_examples((r or rules()).all())
