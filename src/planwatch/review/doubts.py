"""Why the engine is unsure, in the reader's words, and how much each reason weighs.

The kinds of doubt are :class:`planwatch.model.Doubt`; their labels and weights are data
(``doubts`` of ``rules/<lang>/review.yaml``, one entry per kind, by name: its schema wants them all).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planwatch.errors import RuleError
from planwatch.model import Doubt, FactDoubt
from planwatch.rules import loader

FILE = "review.yaml"


@dataclass(frozen=True)
class DoubtLabel:
    """A kind of doubt with the reader's words for it and its weight in the queue."""

    doubt: Doubt
    label: str
    weight: int


@dataclass(frozen=True)
class ReviewRules:
    """Everything ``review.yaml`` says, typed."""

    doubts: tuple[DoubtLabel, ...]
    facts: Mapping[FactDoubt, str]  # the label of each kind of unsure fact


def parse(data: dict[str, Any]) -> ReviewRules:
    """Validate ``review.yaml`` (its schema, then that it labels each kind of doubt) and compile it."""
    loader.validate(data, FILE)
    table = data["doubts"]
    names = {d.name for d in Doubt}
    for key in sorted(set(table) ^ names):
        raise RuleError(FILE, f"doubts.{key}", "unknown kind of doubt" if key in table else "missing")
    facts = data["facts"]
    for key in sorted(set(facts) ^ {f.name for f in FactDoubt}):
        raise RuleError(FILE, f"facts.{key}", "unknown kind of unsure fact" if key in facts else "missing")
    return ReviewRules(
        doubts=tuple(DoubtLabel(d, table[d.name]["label"], table[d.name].get("weight", 1)) for d in Doubt),
        facts=MappingProxyType({f: str(facts[f.name]) for f in FactDoubt}),
    )


def read(folder: Path | None = None, lang: str = "zh") -> ReviewRules:
    """Read, validate and compile ``review.yaml`` of the rules ``folder`` (the packaged one by default)."""
    return parse(loader.read(FILE, lang, folder))


@functools.cache
def review_rules(lang: str = "zh") -> ReviewRules:
    return read(lang=lang)


def doubts(lang: str = "zh") -> tuple[DoubtLabel, ...]:
    """The labelled kinds of doubt of ``lang``."""
    return review_rules(lang).doubts


def fact_doubts(lang: str = "zh") -> Mapping[FactDoubt, str]:
    """The label of each reason a document's fact is unsure (``facts`` in ``review.yaml``)."""
    return review_rules(lang).facts


def fact_reason(entry: str) -> tuple[str, str]:
    """``(field, reason as the reader should see it)`` of a ``DocumentFacts.unsure`` entry."""
    field, _, rest = entry.partition(":")
    kind = FactDoubt.of(entry)
    return field.strip(), fact_doubts()[kind] if kind else rest.strip()


def _find(reason: str) -> DoubtLabel | None:
    kind = Doubt.of(reason)
    return next((d for d in doubts() if d.doubt is kind), None) if kind else None


def label(reason: str) -> str:
    """``reason`` as the reader should see it (unchanged when it is no known kind of doubt)."""
    found = _find(reason)
    return found.label if found else reason


def weight(reasons: tuple[str, ...]) -> int:
    return sum((d.weight if (d := _find(r)) else 1) for r in reasons)
