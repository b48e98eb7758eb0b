"""Why the engine is unsure, in the reader's words, and how much each reason weighs.

The labels and weights are data: ``rules/<lang>/review.yaml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from planwatch.errors import PlanWatchError

RULES = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Doubt:
    match: str
    label: str
    weight: int


@functools.cache
def doubts(lang: str = "zh") -> tuple[Doubt, ...]:
    """The doubt labels of ``lang``, validated."""
    path = RULES / lang / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Doubt] = []
    for i, d in enumerate(data.get("doubts") or []):
        if not isinstance(d, dict) or not all(isinstance(d.get(k), str) for k in ("match", "label")):
            raise PlanWatchError(f"{path}: doubts[{i}] needs a match and a label (strings)")
        weight = d.get("weight", 1)
        if not isinstance(weight, int) or weight < 0:
            raise PlanWatchError(f"{path}: doubts[{i}].weight must be a non-negative integer")
        out.append(Doubt(d["match"], d["label"], weight))
    return tuple(out)


@functools.cache
def fact_doubts(lang: str = "zh") -> tuple[tuple[str, str], ...]:
    """(match, label) of the reasons a document's fact is unsure (``facts`` in ``review.yaml``)."""
    path = RULES / lang / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[tuple[str, str]] = []
    for i, d in enumerate(data.get("facts") or []):
        if not isinstance(d, dict) or not all(isinstance(d.get(k), str) for k in ("match", "label")):
            raise PlanWatchError(f"{path}: facts[{i}] needs a match and a label (strings)")
        out.append((d["match"], d["label"]))
    return tuple(out)


def fact_reason(entry: str) -> tuple[str, str]:
    """``(field, reason as the reader should see it)`` of a ``DocumentFacts.unsure`` entry."""
    field, _, rest = entry.partition(":")
    found = next((lab for m, lab in fact_doubts() if entry.startswith(m)), None)
    return field.strip(), found or rest.strip()


def _find(reason: str) -> Doubt | None:
    return next((d for d in doubts() if reason.startswith(d.match)), None)


def label(reason: str) -> str:
    """``reason`` as the reader should see it (unchanged when no label is known)."""
    found = _find(reason)
    return found.label if found else reason


def weight(reasons: tuple[str, ...]) -> int:
    return sum((d.weight if (d := _find(r)) else 1) for r in reasons)
