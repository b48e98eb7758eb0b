"""The same report stored twice: documents whose statements are the same are one report.

A report saved as a web page and as a text file, a version re-ingested under another name, the copies
of a benchmark: their targets would each be judged, and their figures would each be evidence. Two
documents of one region are *copies* when their facts (kind, plans, reviews) and their statements
(text, indicator, value, unit, kind, measure, period, in order) are the same. Tracking reads one of
them (the first given) and gives each copy's target its original's judgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.model import DocumentFacts, Statement


@dataclass(frozen=True)
class Copies:
    """Which statements stand for which: ``original[i]`` is the index of statement ``i``'s original."""

    original: tuple[int, ...]

    def is_original(self, i: int) -> bool:
        return self.original[i] == i


def find_copies(pairs: Sequence[tuple[Statement, DocumentFacts]]) -> Copies:
    """Map every statement of a copy to the same statement of the first document like it."""
    by_doc: dict[str, list[int]] = {}
    for i, (s, _) in enumerate(pairs):
        by_doc.setdefault(s.doc, []).append(i)
    first: dict[tuple[object, ...], list[int]] = {}
    original = list(range(len(pairs)))
    for indices in by_doc.values():
        mine = sorted(indices, key=lambda i: pairs[i][0].start)
        f = pairs[mine[0]][1]
        key = (f.region, f.kind, f.plans, f.reviews, tuple(
            (s.text, s.indicator, s.value, s.unit, s.kind, s.measure, s.period, s.comparator)
            for s, _ in (pairs[i] for i in mine)
        ))
        seen = first.setdefault(key, mine)
        if seen is not mine:
            for a, b in zip(mine, seen, strict=True):
                original[a] = b
    return Copies(tuple(original))
