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
from planwatch.structure.periods import bounds, named_periods, period, sort_periods
from planwatch.structure.rules import Rules

TITLED_RANK = 3.0
#: The longest term a formation year may open (a term is five years; some are cut short or longer).
TERM_YEARS_MAX = 9
#: Any plan year will do to tell whether a heading's relative words name a span.
MIN_PLAN_YEAR = 2000
LEAF_RANK = float("inf")
#: A short line split into this many cells by spaces is a table row, not a title.
TABLE_CELLS = 3
STRONG, WEAK = 2, 1


@dataclass
class Node:
    """A heading while the outline is being built."""

    start: int
    heading: Span
    title: str
    kind: str  # numbered | titled | lead | zone (a paragraph opening that names a period)
    rank: float = TITLED_RANK
    end: int = 0
    level: int = 1
    parent: int | None = None
    cue: str | None = None  # review | plan | glossary | other (appendix)
    strength: int = 0
    named: tuple[str, ...] = ()  # periods its own title names
    zone_of: int | None = None  # for a zone: the heading whose span or periods it divides


def cue_of(title: str, rules: Rules) -> tuple[str | None, int]:
    """The label a title's own cue words give, and how strongly (glossary > review > plan on a tie)."""
    for strength, table in ((STRONG, rules.strong), (WEAK, rules.weak)):
        for label in ("glossary", "review", "plan"):
            if any(r.search(title) for r in table[label]):
                return label, strength
    return None, 0


def _has_cjk(t: str) -> bool:
    return sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff") >= 2


def _has_figure(t: str, rules: Rules) -> bool:
    """Digits other than years: a table row or a statement, not a title."""
    rest = rules.year.sub("", rules.span.sub("", t))
    return any(ch.isdigit() for ch in rest)


def _heading(text: str, lo: int, hi: int, rules: Rules) -> tuple[str, int, float, int] | None:
    """(kind, title start, rank, heading end) for a heading line, else None."""
    m = rules.numbered_any.match(text, lo, hi)
    if m and m.lastgroup:
        nb = rules.numbered[int(m.lastgroup[1:])]
        stop = rules.heading_end.search(text, m.end(), hi)
        end = stop.start() if stop and stop.start() > m.end() else hi
        return "numbered", m.end(), nb.rank, end
    if hi - lo > rules.max_title_chars:
        return None  # a paragraph: no need to copy it
    t = text[lo:hi]
    if not _has_cjk(t):
        return None
    if rules.lead_end.search(t):
        stem = rules.lead_end.sub("", t)
        if rules.sentence_punct.search(stem):
            return None
        return "lead", lo, TITLED_RANK + 0.5, hi
    if rules.sentence_punct.search(t) or len(t.split()) >= TABLE_CELLS:
        return None
    if _has_figure(t, rules) and not any(r.search(t) for r in rules.appendix):
        return None
    return "titled", lo, TITLED_RANK, hi


def build(text: str, layout: Layout, rules: Rules) -> list[Node]:
    """Find and nest the headings of the body (analysis text)."""
    found: list[Node] = []
    zoned: int | None = None  # the last cued heading, when it names a span or several periods
    for ln in layout.lines[layout.first:layout.last]:
        if ln.blank:
            continue
        h = _heading(text, ln.lo, ln.hi, rules)
        if h is None:
            if zoned is not None:
                z = _zone(text, ln.lo, ln.hi, rules)
                if z is not None:
                    found.append(Node(ln.start, Span(ln.lo, ln.lo + len(z)), z, "zone", zone_of=zoned))
            continue
        kind, tlo, rank, hend = h
        title = text[tlo:hend].strip().rstrip(":：").strip()
        if not title and kind == "numbered":
            continue
        cue, strength = cue_of(title, rules)
        if cue is None and any(r.search(text[ln.lo:ln.hi]) for r in rules.appendix):
            cue, strength = "other", STRONG
        if kind == "lead" and cue is None:
            continue  # a lead-in without a cue is just a sentence
        prev = found[-1] if found else None
        if prev and prev.cue == "other" and kind == "titled" and not text[prev.heading.end:ln.lo].strip():
            # 附件2 / 2019年区政府民生实事: the line under an appendix marker is the appendix's title
            prev.title = f"{prev.title} {title}"
            prev.heading = Span(prev.heading.start, max(prev.heading.start, hend))
            prev.cue, prev.strength = cue if cue else "other", STRONG
            continue
        node = Node(ln.start, Span(ln.lo, max(ln.lo, hend)), title, kind, rank, cue=cue, strength=strength)
        if cue is not None:
            zoned = len(found) if cue in ("review", "plan") and _divisible(title, rules) else None
        found.append(node)
    _nest(found, layout.body.end)
    return found


#: A zone opening is read in this many characters at the start of a paragraph.
ZONE_CHARS = 30


def _zone(text: str, lo: int, hi: int, rules: Rules) -> str | None:
    """The period words opening a paragraph (过去五年 / 2020年), if they open it."""
    m = rules.zone.regex.match(text[lo:min(hi, lo + ZONE_CHARS)])
    return m.group() if m else None


def _divisible(title: str, rules: Rules) -> bool:
    """A heading naming several periods (过去一年和五年工作回顾) or a span (过去五年工作回顾): its
    paragraphs may each keep to one period (see :func:`prune_zones`)."""
    named = named_periods(title, MIN_PLAN_YEAR, rules)
    return len(named) > 1 or any("-" in p for p in named)


def _nest(nodes: list[Node], body_end: int) -> None:
    """Give each node its rank, level, parent and end (a stack over the nodes in order)."""
    # Titled lines are the top level when the first heading naming a review or plan is one (else, with
    # no such heading, when the first heading is); otherwise they nest under the current section.
    cued = [n for n in nodes if n.cue in ("review", "plan")] or nodes
    titled_top = bool(cued) and cued[0].kind == "titled"
    stack: list[int] = []
    for i, node in enumerate(nodes):
        structural = node.kind == "numbered" or (node.kind == "titled" and titled_top)
        if node.cue == "glossary" or node.cue == "other":
            node.rank = TITLED_RANK if node.kind != "numbered" else node.rank
        elif node.kind == "zone" and node.zone_of is not None:
            node.rank = nodes[node.zone_of].rank + 0.5
        elif node.kind == "lead":
            base = next((nodes[j] for j in reversed(stack)
                         if nodes[j].kind == "numbered" or nodes[j].rank == TITLED_RANK), None)
            node.rank = base.rank + 0.5 if base else TITLED_RANK
        elif not structural:
            node.rank = LEAF_RANK  # a sub-title or caption: closed by the next heading of any kind
        while stack and nodes[stack[-1]].rank >= node.rank:
            nodes[stack.pop()].end = node.start
        node.parent = stack[-1] if stack else None
        node.level = len(stack) + 1
        stack.append(i)
    for j in stack:
        nodes[j].end = body_end


def name_periods(nodes: Sequence[Node], plan_year: int | None, rules: Rules) -> None:
    """The periods each node's title names, a single year before the span ending with it."""
    for node in nodes:
        node.named = sort_periods(named_periods(node.title, plan_year, rules))


def fit_terms(nodes: Sequence[Node], text: str, rules: Rules) -> None:
    """A term-long review (本届政府工作回顾, 过去四年) starts in the year its first lines say the
    government was formed (2018年10月，…人民政府正式成立), when that is within the span's decade."""
    for node in nodes:
        if node.kind == "zone" or not node.named or not rules.term.search(node.title):
            continue
        m = rules.term_start.search(text[node.heading.end:node.heading.end + rules.term_start_window])
        if m is None:
            continue
        y = int(m.group("y"))
        node.named = sort_periods(
            period(y, b) if "-" in p and b - TERM_YEARS_MAX <= y < b else p
            for p in node.named for _, b in [bounds(p)]
        )


def fit_zones(nodes: Sequence[Node]) -> None:
    """A zone naming an N-year span takes the span of the heading it divides when both end in the
    same year (过去四年 under 本届政府工作回顾 of 2018-2022 is 2018-2022); a zone naming no period of
    that heading names nothing (a paragraph recalling 2018 in a five-year plan part)."""
    for node in nodes:
        if node.kind != "zone" or node.zone_of is None or not node.named:
            continue
        outer = nodes[node.zone_of].named
        if not any(_overlaps(p, outer) for p in node.named):
            node.named = ()
            continue
        if len(node.named) != 1 or "-" not in node.named[0]:
            continue
        end = bounds(node.named[0])[1]
        same_end = [p for p in outer if "-" in p and bounds(p)[1] == end]
        if same_end:
            node.named = (same_end[0],)


def _under(nodes: Sequence[Node], i: int, ancestor: int) -> bool:
    p = nodes[i].parent
    while p is not None and p != ancestor:
        p = nodes[p].parent
    return p == ancestor


def _zones_kept(heading: Node, zones: Sequence[Node]) -> list[Node]:
    """The zones that divide a heading: all of them when it names several periods; when it names one
    span, those of the span and of its last year, and only if both are there (过去五年， … 2020年， in a
    五年工作回顾); none otherwise (五年来， paragraphs in a 五年工作回顾 say nothing new)."""
    if len(heading.named) > 1:
        return list(zones)
    if len(heading.named) != 1 or "-" not in heading.named[0]:
        return []
    span, year = heading.named, (str(bounds(heading.named[0])[1]),)
    kept = [z for z in zones if z.named in (span, year)]
    if any(z.named == span for z in kept) and any(z.named == year for z in kept):
        return kept
    return []


def prune_zones(nodes: list[Node], body_end: int) -> list[Node]:
    """The nodes without the zones that divide nothing (see :func:`_zones_kept`) or that ended up outside
    the heading they were read under; the rest nested again."""
    groups: dict[int, list[int]] = {}
    for i, n in enumerate(nodes):
        if n.zone_of is not None and _under(nodes, i, n.zone_of):
            groups.setdefault(n.zone_of, []).append(i)
    kept: set[int] = set()
    for h, zones in groups.items():
        chosen = {id(n) for n in _zones_kept(nodes[h], [nodes[i] for i in zones])}
        kept.update(i for i in zones if id(nodes[i]) in chosen)
    out = [n for i, n in enumerate(nodes) if n.kind != "zone" or i in kept]
    if len(out) == len(nodes):
        return nodes
    index = {id(n): j for j, n in enumerate(out)}
    for n in out:
        if n.zone_of is not None:
            n.zone_of = index[id(nodes[n.zone_of])]
    _nest(out, body_end)
    return out


def _overlaps(p: str, periods: Sequence[str]) -> bool:
    a, b = bounds(p)
    return any(a <= y2 and y1 <= b for y1, y2 in map(bounds, periods))


def _year_label(named: Sequence[str], reviews: Sequence[str], plans: Sequence[str]) -> str | None:
    """review/plan from the periods a heading names: those it shares with the document's reviews or
    plans, else whether they lie wholly before the plans or wholly after the reviews."""
    if not named:
        return None
    in_plan = any(_overlaps(p, plans) for p in named)
    in_review = any(_overlaps(p, reviews) for p in named)
    if in_plan != in_review:
        return "plan" if in_plan else "review"
    if in_plan:
        return None
    spans = [bounds(p) for p in named]
    if plans and max(b for _, b in spans) < min(bounds(p)[0] for p in plans):
        return "review"
    if reviews and min(a for a, _ in spans) > max(bounds(p)[1] for p in reviews):
        return "plan"
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
        if node.cue == "other":
            label = _year_label(node.named, reviews, plans) or "other"
        elif node.cue is not None and (
            parent_label in (None, "other") or node.strength == STRONG
        ):
            label = node.cue
        if label is None:
            label = _year_label(node.named, reviews, plans)
        if label is None and parent_label is not None:
            label = parent_label
        if label is None:
            label = previous_top if previous_top in ("review", "plan") else default
        final: SectionLabel = label if label in ("review", "plan", "glossary") else "other"  # type: ignore[assignment]
        labels.append(final)
        if node.parent is None:
            previous_top = final
        if node.named:
            own = node.named
        elif node.parent is not None and periods[node.parent] and labels[node.parent] == final:
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
