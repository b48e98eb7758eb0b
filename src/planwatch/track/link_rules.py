"""The linking rules: ``rules/zh/linking.yaml``, loaded and validated (words, synonyms, weights)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planwatch.errors import RuleError
from planwatch.rules import loader

FILE = "linking.yaml"


@dataclass(frozen=True)
class LinkExample:
    target: str
    evidence: str
    link: bool


@dataclass(frozen=True)
class LinkRules:
    """Everything ``linking.yaml`` says, typed."""

    synonyms: tuple[tuple[str, str], ...]  # (other name, the one form), longest other name first
    words: tuple[str, ...]
    stages: tuple[frozenset[str], ...]
    noise: frozenset[str]
    verbs: frozenset[str]
    verb_weight: float
    measure_words: frozenset[str]
    flow: tuple[str, ...]
    added: tuple[str, ...]
    totals: tuple[str, ...]
    broad: tuple[str, ...]
    examples_end: str
    joins: tuple[str, ...]
    channels: tuple[str, ...]
    implausible_ratio: float
    kinds_differ: float
    kinds_share: float
    head_missing: float
    canonical_threshold: float
    kinds_sep: tuple[str, ...]
    part_year: tuple[re.Pattern[str], ...]
    threshold: float
    right_weight: float
    carry_weight: float
    carry_clauses: int
    share_of: str
    region_suffixes: tuple[str, ...]
    examples: tuple[LinkExample, ...]


def _words(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    items = raw.get(key)
    if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
        raise RuleError(where, key, "expected a list of non-empty strings")
    return tuple(items)


def _number(raw: Mapping[str, Any], key: str, where: str, lo: float, hi: float) -> float:
    v = raw.get(key)
    if not isinstance(v, int | float) or not lo <= v <= hi:
        raise RuleError(where, key, f"expected a number in [{lo}, {hi}]")
    return float(v)


def parse_link_rules(raw: Mapping[str, Any], where: str = "linking.yaml") -> LinkRules:
    """Validate the parsed YAML (against its schema: unknown keys refused) and build :class:`LinkRules`."""
    loader.validate(raw, FILE)
    pairs: list[tuple[str, str]] = []
    for i, entry in enumerate(raw.get("synonyms") or []):
        w = f"synonyms[{i}]"
        for old in _words(entry, "from", where):
            if old in entry["to"]:
                grows = f"the form {entry['to']!r} contains {old!r}: it would grow each time"
                raise RuleError(where, w, grows)
            pairs.append((old, entry["to"]))
    stages = []
    for i, group in enumerate(raw.get("stages") or []):
        stages.append(frozenset(_words({f"stages[{i}]": group}, f"stages[{i}]", where)))
    patterns = []
    for p in _words(raw, "part_year", where):
        patterns.append(loader.compile_pattern(p, where, "part_year"))
    examples = [LinkExample(str(ex["target"]), str(ex["evidence"]), ex["link"])
                for ex in raw.get("examples") or []]
    return LinkRules(
        synonyms=tuple(sorted(pairs, key=lambda p: -len(p[0]))),
        words=_words(raw, "words", where),
        stages=tuple(stages),
        noise=frozenset(_words(raw, "noise", where)),
        verbs=frozenset(_words(raw, "verbs", where)) | frozenset().union(*stages),
        verb_weight=_number(raw, "verb_weight", where, 0, 1),
        measure_words=frozenset(_words(raw, "measure_words", where)),
        flow=_words(raw, "flow", where),
        added=_words(raw, "added", where),
        totals=_words(raw, "totals", where),
        broad=_words(raw, "broad", where),
        examples_end=_words({"e": [raw.get("examples_end")]}, "e", where)[0],
        joins=_words(raw, "joins", where),
        channels=_words(raw, "channels", where),
        implausible_ratio=_number(raw, "implausible_ratio", where, 1, 1000),
        kinds_differ=_number(raw, "kinds_differ", where, 0, 1),
        kinds_share=_number(raw, "kinds_share", where, 0, 1),
        head_missing=_number(raw, "head_missing", where, 0, 1),
        canonical_threshold=_number(raw, "canonical_threshold", where, 0, 1),
        kinds_sep=_words(raw, "kinds_sep", where),
        part_year=tuple(patterns),
        threshold=_number(raw, "threshold", where, 0, 1),
        right_weight=_number(raw, "right_weight", where, 0, 1),
        carry_weight=_number(raw, "carry_weight", where, 0, 1),
        carry_clauses=int(_number(raw, "carry_clauses", where, 0, 10)),
        share_of=_words({"s": [raw.get("share_of")]}, "s", where)[0],
        region_suffixes=tuple(sorted(_words(raw, "region_suffixes", where), key=len, reverse=True)),
        examples=tuple(examples),
    )


def read_link_rules(folder: Path | None = None, lang: str = "zh") -> LinkRules:
    """Read, validate and compile ``linking.yaml`` of the rules ``folder`` (the packaged one by default)."""
    return parse_link_rules(loader.read(FILE, lang, folder))


@cache
def load_link_rules() -> LinkRules:
    """The packaged ``linking.yaml``, compiled once."""
    return read_link_rules()
