"""Cutting a document's text into pieces at statement spans, for highlighting.

Every piece of document text is escaped on its own (``to_html``), so markup in a
document always renders as text.
Overlapping statements cannot both be marked inline: the first (then longest)
wins, and the others are still listed in the side panel.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

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


def to_html(
    items: list[Piece],
    *,
    current: str | None,
    status_of: Mapping[str, str],
    title_of: Callable[[StatementOut], str],
) -> Markup:
    """The pieces as HTML: every piece of document text escaped, each statement a link to itself.

    ``status_of`` maps a statement id to its target's status (for the judged underline);
    ``title_of`` gives a mark's tooltip. Every value interpolated is escaped.
    """
    out: list[str] = []
    for p in items:
        if p.focus_open:
            out.append('<span class="focus" id="focus">')
        st = p.statement
        if st is None:
            out.append(escape(p.text))
        else:
            classes = f"st k-{st.kind}"
            if st.id == current:
                classes += " current"
            if st.id in status_of:
                classes += f" judged st-{status_of[st.id]}"
            sid = escape(st.id)
            out.append(
                f'<a class="{escape(classes)}" id="st-{sid}" data-id="{sid}" '
                f'href="?focus={escape(quote(st.id, safe=""))}#st-{sid}" title="{escape(title_of(st))}">'
                f"{escape(p.text)}</a>"
            )
        if p.focus_close:
            out.append("</span>")
    return Markup("".join(out))
