"""What a score hides: the missed gold records, the spurious predictions, the attribute disagreements.

Uses exactly the scorer's matching (:func:`planwatch.evaluate.score.match`), so the
lists add up to the figures ``planwatch score`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from planwatch.evaluate.score import ATTRIBUTES, CORE, Record, agrees, match, scorable

Problem = Literal["missed", "spurious", "attribute"]


@dataclass(frozen=True)
class Difference:
    """One gold record without a match, one prediction without a match, or one matched pair that disagrees."""

    problem: Problem
    doc: str
    start: int
    end: int
    text: str
    #: For ``attribute``: ``{name: [gold value, predicted value]}`` of every attribute that disagrees.
    fields: dict[str, list[Any]]
    #: Whether the pair is still strictly correct (only ``canonical``/``indicator`` disagree).
    strict: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"problem": self.problem, "doc": self.doc, "start": self.start, "end": self.end,
                "text": self.text, "fields": self.fields, "strict": self.strict}


def _at(problem: Problem, r: Record, fields: dict[str, list[Any]] | None = None,
        strict: bool = False) -> Difference:
    return Difference(problem, str(r.get("doc")), int(r["start"]), int(r["end"]), str(r.get("text", "")),
                      fields or {}, strict)


def differences(gold: Sequence[Record], pred: Iterable[Record]) -> list[Difference]:
    """Every difference between gold and the predictions that count, in document order."""
    kept = scorable(gold, pred)
    pairs = match(gold, kept)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    out = [_at("missed", g) for g in gold if id(g) not in matched_gold]
    out += [_at("spurious", p) for p in kept if id(p) not in matched_pred]
    for g, p in pairs:
        wrong = {name: [g.get(name), p.get(name)] for name in ATTRIBUTES
                 if (name != "canonical" or g.get("canonical")) and not agrees(name, g, p)}
        if g["start"] != p["start"] or g["end"] != p["end"]:
            wrong["span"] = [[g["start"], g["end"], g.get("text")], [p["start"], p["end"], p.get("text")]]
        if wrong:
            out.append(_at("attribute", g, wrong, strict=not any(name in wrong for name in CORE)))
    return sorted(out, key=lambda d: (d.doc, d.start, d.end, d.problem))
