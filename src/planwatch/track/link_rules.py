"""The linking rules: ``rules/zh/linking.yaml``, loaded and validated (words, synonyms, weights)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from planwatch.track.rules import RULES_DIR, RulesError

KEYS = frozenset({
    "version", "synonyms", "words", "stages", "noise", "verbs", "verb_weight", "measure_words", "flow",
    "added", "totals", "broad", "examples_end", "joins", "channels", "implausible_ratio", "kinds_differ",
    "kinds_share", "head_missing", "canonical_threshold", "kinds_sep", "part_year", "threshold",
    "right_weight", "carry_weight", "carry_clauses", "examples", "share_of", "region_suffixes",
})


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
        raise RulesError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(items)


def _number(raw: Mapping[str, Any], key: str, where: str, lo: float, hi: float) -> float:
    v = raw.get(key)
    if not isinstance(v, int | float) or not lo <= v <= hi:
        raise RulesError(f"{where}.{key}: expected a number in [{lo}, {hi}]")
    return float(v)


def parse_link_rules(raw: Mapping[str, Any], where: str = "linking.yaml") -> LinkRules:
    """Validate the parsed YAML (unknown keys refused) and build :class:`LinkRules`."""
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise RulesError(f"{where}: unknown keys {unknown}")
    pairs: list[tuple[str, str]] = []
    for i, entry in enumerate(raw.get("synonyms") or []):
        w = f"{where}.synonyms[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"to", "from"} or not isinstance(entry["to"], str):
            raise RulesError(f"{w}: expected {{to: word, from: [words]}}")
        for old in _words(entry, "from", w):
            if old in entry["to"]:
                raise RulesError(f"{w}: the form {entry['to']!r} contains {old!r}: it would grow each time")
            pairs.append((old, entry["to"]))
    stages = []
    for i, group in enumerate(raw.get("stages") or []):
        stages.append(frozenset(_words({"g": group}, "g", f"{where}.stages[{i}]")))
    patterns = []
    for p in _words(raw, "part_year", where):
        try:
            patterns.append(re.compile(p))
        except re.error as e:
            raise RulesError(f"{where}.part_year: {p!r}: {e}") from e
    examples = []
    for i, ex in enumerate(raw.get("examples") or []):
        if not (isinstance(ex, dict) and set(ex) == {"target", "evidence", "link"}
                and isinstance(ex["link"], bool)):
            raise RulesError(f"{where}.examples[{i}]: expected {{target, evidence, link: bool}}")
        examples.append(LinkExample(str(ex["target"]), str(ex["evidence"]), ex["link"]))
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


@cache
def load_link_rules(path: Path | None = None) -> LinkRules:
    """Load ``linking.yaml`` (the packaged one by default)."""
    p = path or RULES_DIR / "linking.yaml"
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RulesError(f"{p}: {e}") from e
    if not isinstance(raw, dict):
        raise RulesError(f"{p}: expected a mapping")
    return parse_link_rules(raw, p.name)
