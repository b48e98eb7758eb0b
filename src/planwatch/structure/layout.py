"""Page layout: lines, page furniture, the report's head (title, dateline, speaker) and its body."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from planwatch.model import Span
from planwatch.structure.repeats import second_copy
from planwatch.structure.rules import Rules

#: Where to look for the salutation that opens the body.
SALUTATION_WINDOW = 8000
#: At most this many title/dateline/speaker lines make a head when no salutation is found.
MAX_HEAD_LINES = 8
#: At most this many lines at the end of a page are examined for footer furniture.
MAX_TAIL_LINES = 60


class Line(NamedTuple):
    """One line of the document: ``start``/``end`` bound the line, ``lo``/``hi`` its text without
    surrounding white space (``lo == hi`` for a blank line).

    A named tuple rather than a frozen dataclass: as immutable, and several times cheaper to
    build (one per line of every document)."""

    start: int
    end: int
    lo: int
    hi: int

    @property
    def blank(self) -> bool:
        return self.lo >= self.hi


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    furniture: tuple[Span, ...]
    title_lines: tuple[Line, ...]
    head_lines: tuple[Line, ...]  # dateline and speaker lines
    head: Span  # everything before the body (furniture, title, dateline, speaker)
    body: Span
    first: int  # index of the body's first line
    last: int  # index one past the body's last line


def split_lines(text: str) -> tuple[Line, ...]:
    """All lines of ``text`` with their trimmed bounds, in one pass."""
    out: list[Line] = []
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        seg = text[pos:end]
        inner = seg.strip()
        lo = pos + seg.find(inner) if inner else end  # the first non-space character begins ``inner``
        out.append(Line(pos, end, lo, lo + len(inner)))
        if nl < 0:
            break
        pos = nl + 1
    return tuple(out)


def is_menu(t: str, rules: Rules) -> bool:
    """A row of short space-separated items without sentence punctuation (a site menu)."""
    items = t.split()
    return (
        len(items) >= rules.menu_items
        and all(len(i) <= rules.menu_item_chars for i in items)
        and not rules.sentence_punct.search(t)
    )


def is_furniture(t: str, rules: Rules) -> bool:
    return any(r.search(t) for r in rules.furniture) or is_menu(t, rules)


def is_head_line(t: str, rules: Rules) -> bool:
    """A title, dateline or speaker line."""
    if rules.dateline.search(t) or rules.dateline_tail.search(t):
        return True
    if len(t) <= 30 and rules.author.search(t) and not rules.sentence_punct.search(t):
        return True
    return (
        len(t) <= rules.max_head_title_chars
        and bool(rules.title.search(t))
        and "。" not in t
        and not rules.sentence_punct.search(t)
    )


def _body_first(text: str, lines: tuple[Line, ...], rules: Rules) -> int:
    for i, ln in enumerate(lines):
        if ln.start > SALUTATION_WINDOW:
            break
        if not ln.blank and rules.salutation.regex.match(text, ln.lo, ln.hi):
            return i
    head, title_done = 0, False
    for i, ln in enumerate(lines):
        t = text[ln.lo:ln.hi]
        if ln.blank or is_furniture(t, rules):
            continue
        if rules.numbered_any.match(t):
            return i
        speaker = rules.dateline.search(t) or rules.dateline_tail.search(t) or rules.author.search(t)
        if head < MAX_HEAD_LINES and is_head_line(t, rules):
            ends = bool(rules.title_end.search(t))
            if title_done and not ends and not speaker:
                return i
            title_done = title_done or ends
            head += 1
            continue
        return i
    return len(lines)


def _merge(spans: list[tuple[int, int]], text: str) -> tuple[Span, ...]:
    out: list[list[int]] = []
    for a, b in spans:
        if out and not text[out[-1][1]:a].strip():
            out[-1][1] = b
        else:
            out.append([a, b])
    return tuple(Span(a, b) for a, b in out)


def _second_copy(
    text: str, lines: tuple[Line, ...], first: int, head: list[Line], rules: Rules
) -> tuple[int, int] | None:
    """(index of the first line, offset) of a second copy of the body, with the title and head lines
    repeated before it, or None. When the copies meet within a line, that line stays with the first
    copy's outline and the offset is where the second copy starts in it."""
    if first >= len(lines):
        return None
    at = second_copy(text, lines[first].lo, len(text))
    if at is None:
        return None
    i = bisect.bisect_right([ln.start for ln in lines], at) - 1
    if text[lines[i].lo:at].strip():
        return (i + 1, at) if i + 1 > first else None
    seen = {"".join(text[ln.lo:ln.hi].split()) for ln in head}
    while i - 1 > first:
        ln = lines[i - 1]
        t = text[ln.lo:ln.hi]
        if not (ln.blank or "".join(t.split()) in seen or is_furniture(t, rules) or is_head_line(t, rules)):
            break
        i -= 1
    while i < len(lines) and lines[i].blank:
        i += 1
    return (i, lines[i].lo) if first < i < len(lines) else None


def analyse_layout(text: str, rules: Rules) -> Layout:
    """Find furniture, the head and the body of a page, given its analysis text."""
    lines = split_lines(text)
    first = _body_first(text, lines, rules)
    furn: list[tuple[int, int]] = []
    titles: list[Line] = []
    others: list[Line] = []
    for ln in lines[:first]:
        if ln.blank:
            continue
        t = text[ln.lo:ln.hi]
        if is_furniture(t, rules):
            furn.append((ln.lo, ln.hi))
        elif rules.dateline.search(t) or rules.dateline_tail.search(t) or rules.author.search(t):
            others.append(ln)
        elif is_head_line(t, rules):
            titles.append(ln)
    last = len(lines)
    copy: list[tuple[int, int]] = []
    repeat = _second_copy(text, lines, first, titles + others, rules)
    if repeat is not None:  # the report pasted again: furniture, the body is the first copy
        end = next(ln.hi for ln in reversed(lines) if not ln.blank)
        copy.append((repeat[1], end))
        last = repeat[0]
    cut = last
    tail: list[tuple[int, int]] = []
    while last > first and cut - last < MAX_TAIL_LINES:
        ln = lines[last - 1]
        t = text[ln.lo:ln.hi]
        if ln.blank:
            last -= 1
            continue
        if is_furniture(t, rules) or rules.tail_only.regex.match(t):
            tail.append((ln.lo, ln.hi))
            last -= 1
            continue
        break
    while last > first and lines[last - 1].blank:
        last -= 1
    furn.extend(reversed(tail))
    furn.extend(copy)
    body_start = lines[first].lo if first < len(lines) else len(text)
    body_end = lines[last - 1].hi if last > first else body_start
    if copy and body_end > copy[0][0]:
        body_end = len(text[:copy[0][0]].rstrip())
    return Layout(
        lines=lines,
        furniture=_merge(furn, text),
        title_lines=tuple(titles),
        head_lines=tuple(others),
        head=Span(0, body_start),
        body=Span(body_start, max(body_start, body_end)),
        first=first,
        last=last,
    )
