"""The outline: headings found in one pass over the body's lines, nested by rank, labelled and dated.

Building happens in two steps because labels and periods depend on the document's own periods, which
in turn are read from the headings: :func:`build` finds headings, nests them and reads their own cues;
:func:`finish` turns the nodes into :class:`~planwatch.model.Section` once the document's reviews and
plans are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.model import Section, SectionLabel, Span
from planwatch.structure.layout import Layout
from planwatch.structure.periods import bounds, named_periods
from planwatch.structure.rules import Rules

TITLED_RANK = 3.0
STRONG, WEAK = 2, 1


@dataclass
class Node:
    """A heading while the outline is being built."""

    start: int
    heading: Span
    title: str
    kind: str  # numbered | titled | lead
    rank: float = TITLED_RANK
    end: int = 0
    level: int = 1
    parent: int | None = None
    cue: str | None = None  # review | plan | glossary | other (appendix)
    strength: int = 0
    named: tuple[str, ...] = ()  # periods its own title names


def cue_of(title: str, rules: Rules) -> tuple[str | None, int]:
    """The label a title's own cue words give, and how strongly (glossary > review > plan on a tie)."""
    for strength, table in ((STRONG, rules.strong), (WEAK, rules.weak)):
        for label in ("glossary", "review", "plan"):
            if any(r.search(title) for r in table[label]):
                return label, strength
    return None, 0


def _has_cjk(t: str) -> bool:
    return sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff") >= 2


def _heading(text: str, lo: int, hi: int, rules: Rules) -> tuple[str, int, float, int] | None:
    """(kind, title start, rank, heading end) for a heading line, else None."""
    for nb in rules.numbered:
        m = nb.rule.regex.match(text, lo, hi)
        if m:
            stop = rules.heading_end.search(text, m.end(), hi)
            end = stop.start() if stop and stop.start() > m.end() else hi
            return "numbered", m.end(), nb.rank, end
    t = text[lo:hi]
    if len(t) > rules.max_title_chars or not _has_cjk(t):
        return None
    if rules.lead_end.search(t):
        stem = rules.lead_end.sub("", t)
        if rules.sentence_punct.search(stem):
            return None
        return "lead", lo, TITLED_RANK + 0.5, hi
    if rules.sentence_punct.search(t):
        return None
    return "titled", lo, TITLED_RANK, hi


def build(text: str, layout: Layout, rules: Rules) -> list[Node]:
    """Find and nest the headings of the body (analysis text)."""
    found: list[Node] = []
    for ln in layout.lines[layout.first:layout.last]:
        if ln.blank:
            continue
        h = _heading(text, ln.lo, ln.hi, rules)
        if h is None:
            continue
        kind, tlo, rank, hend = h
        title = text[tlo:hend].strip().rstrip(":：").strip()
        if not title and kind == "numbered":
            continue
        cue, strength = cue_of(title, rules)
        if any(r.search(title) for r in rules.appendix):
            cue, strength = "other", STRONG
        if kind == "lead" and cue is None:
            continue  # a lead-in without a cue is just a sentence
        node = Node(ln.start, Span(ln.lo, max(ln.lo, hend)), title, kind, rank, cue=cue, strength=strength)
        found.append(node)
    _nest(found, layout.body.end)
    return found


def _nest(nodes: list[Node], body_end: int) -> None:
    """Give each node its rank, level, parent and end (a stack over the nodes in order)."""
    titled_top = bool(nodes) and nodes[0].kind == "titled"
    stack: list[int] = []
    for i, node in enumerate(nodes):
        structural = node.kind == "numbered" or (node.cue is not None and node.kind == "titled")
        if node.cue == "glossary" or node.cue == "other":
            node.rank = TITLED_RANK if node.kind != "numbered" else node.rank
        elif not structural and not (node.kind == "titled" and titled_top):
            base = next((nodes[j] for j in reversed(stack)
                         if nodes[j].kind == "numbered" or nodes[j].rank == TITLED_RANK), None)
            node.rank = base.rank + 0.5 if base else TITLED_RANK
        while stack and nodes[stack[-1]].rank >= node.rank:
            nodes[stack.pop()].end = node.start
        node.parent = stack[-1] if stack else None
        node.level = len(stack) + 1
        stack.append(i)
    for j in stack:
        nodes[j].end = body_end


def name_periods(nodes: Sequence[Node], plan_year: int | None, rules: Rules) -> None:
    for node in nodes:
        node.named = named_periods(node.title, plan_year, rules)


def _overlaps(p: str, periods: Sequence[str]) -> bool:
    a, b = bounds(p)
    return any(a <= y2 and y1 <= b for y1, y2 in map(bounds, periods))


def _year_label(named: Sequence[str], reviews: Sequence[str], plans: Sequence[str]) -> str | None:
    in_plan = any(_overlaps(p, plans) for p in named)
    in_review = any(_overlaps(p, reviews) for p in named)
    if in_plan != in_review:
        return "plan" if in_plan else "review"
    return None


def finish(
    nodes: Sequence[Node], reviews: Sequence[str], plans: Sequence[str], default: SectionLabel
) -> tuple[Section, ...]:
    """Label and date every node (parents come before children) and freeze them as sections."""
    labels: list[SectionLabel] = []
    periods: list[tuple[str, ...]] = []
    previous_top: SectionLabel | None = None
    for node in nodes:
        parent_label = labels[node.parent] if node.parent is not None else None
        label: str | None = None
        if node.cue is not None and (
            parent_label in (None, "other") or node.strength == STRONG or node.cue == "other"
        ):
            label = node.cue
        if label is None:
            label = _year_label(node.named, reviews, plans)
        if label is None and parent_label is not None:
            label = parent_label
        if label is None:
            label = "plan" if previous_top == "plan" else default
        final: SectionLabel = label if label in ("review", "plan", "glossary") else "other"  # type: ignore[assignment]
        labels.append(final)
        if node.parent is None:
            previous_top = final
        if node.named:
            own = node.named
        elif node.parent is not None and periods[node.parent]:
            own = periods[node.parent]
        else:
            own = tuple(reviews) if final == "review" else tuple(plans) if final == "plan" else ()
        periods.append(own)
    return tuple(
        Section(
            start=n.start, end=max(n.end, n.heading.end), heading=n.heading, title=n.title,
            level=n.level, label=labels[i], periods=periods[i], parent=n.parent,
        )
        for i, n in enumerate(nodes)
    )
