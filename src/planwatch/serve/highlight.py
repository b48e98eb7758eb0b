"""Cutting a document's text into pieces at statement spans, for highlighting.

The template escapes every piece (autoescape); nothing here produces markup.
Overlapping statements cannot both be marked inline: the first (then longest)
wins, and the others are still listed in the side panel.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.serve.schemas import StatementOut


@dataclass(frozen=True, slots=True)
class Piece:
    """A slice of the text; ``statement`` is set when the slice is that statement's span."""

    text: str
    statement: StatementOut | None = None
    focus_open: bool = False
    focus_close: bool = False


def _non_overlapping(items: Sequence[StatementOut], length: int) -> list[StatementOut]:
    chosen: list[StatementOut] = []
    last_end = 0
    for st in sorted(items, key=lambda s: (s.start, -s.end)):
        if st.start >= last_end and st.start < st.end <= length:
            chosen.append(st)
            last_end = st.end
    return chosen


def pieces(text: str, items: Sequence[StatementOut], focus: tuple[int, int] | None = None) -> list[Piece]:
    """The text cut at every marked span; ``focus`` (a sentence) is widened so it never cuts a mark."""
    marks = _non_overlapping(items, len(text))
    if focus is not None:
        fs, fe = max(0, focus[0]), min(len(text), focus[1])
        for st in marks:
            if st.start < fs < st.end:
                fs = st.start
            if st.start < fe < st.end:
                fe = st.end
        focus = (fs, fe) if fs < fe else None
    cuts = {0, len(text)}
    for st in marks:
        cuts.update((st.start, st.end))
    if focus is not None:
        cuts.update(focus)
    by_start = {st.start: st for st in marks}
    ordered = sorted(cuts)
    out: list[Piece] = []
    for a, b in itertools.pairwise(ordered):
        found = by_start.get(a)
        mark = found if found is not None and found.end == b else None  # focus never cuts a mark (widened)
        out.append(
            Piece(
                text=text[a:b],
                statement=mark,
                focus_open=focus is not None and a == focus[0],
                focus_close=focus is not None and b == focus[1],
            )
        )
    return out
