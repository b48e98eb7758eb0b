"""Candidate evidence for a target, classified direct / indirect / progress.

A candidate is an ``actual`` or ``estimate`` of the same region about the same
indicator (same canonical id, or for a null canonical id the same name by fuzzy
similarity), with the same measure and a unit that compares. How it relates to
the target's period decides its role (tracking.md, "Which evidence counts"):

- ``direct``: an actual for the target's period; for a stock to reach by the end
  year, an actual level of that year or an earlier one that already meets it; for
  a total over a span, an actual total of its first years that already meets it.
- ``indirect``: an actual for an overlapping or the following period of the same
  shape (a total for 2017-2021 against 2016-2020; a level for 2021 against 2020;
  a rate over 2017-2021 covering 2020), or an estimate for the target's period.
- ``progress``: earlier figures on the way (judged on a linear path while the
  period runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from planwatch.model import DocumentFacts, Statement
from planwatch.track.compare import Period, Space, common_unit, meets, parse_period, position
from planwatch.track.rules import TrackingRules

Role = Literal["direct", "indirect", "progress"]
Note = Literal[
    "same", "early", "partial", "overlap", "adjacent", "estimate", "before", "within", "part_year"
]
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Item:
    """A statement with the facts of its document and its parsed period."""

    statement: Statement
    facts: DocumentFacts
    period: Period
    order: tuple[str, str]  # (date, doc): later documents sort last

    @property
    def region(self) -> str | None:
        return self.facts.region


@dataclass(frozen=True)
class Candidate:
    item: Item
    role: Role
    note: Note
    factor: float  # multiply the evidence value by this to reach the target's unit
    period: Period  # the period the figure stands for (a stock's level over a span: its end year)
    confidence: float = 1.0  # how sure the link is (track/match.py); 1 for a shared canonical id


def doc_order(facts: DocumentFacts) -> tuple[str, str]:
    """Chronological sort key of a document: delivered (or published) date, then name."""
    return (facts.delivered or facts.published or "", facts.doc)


def make_items(pairs: Iterable[tuple[Statement, DocumentFacts]]) -> list[Item]:
    """Pair statements with facts and periods; statements whose period is unreadable are dropped."""
    out = []
    for s, f in pairs:
        p = parse_period(s.period)
        if p is not None:
            out.append(Item(s, f, p, doc_order(f)))
    return out


def unit_factor(target: Statement, other: Statement, rules: TrackingRules) -> float | None:
    """Factor bringing ``other``'s value into ``target``'s unit, or None when they do not compare."""
    tu, tf = common_unit(target.unit, rules)
    ou, of = common_unit(other.unit, rules)
    return of / tf if tu == ou else None


def is_stock(target: Statement, rules: TrackingRules) -> bool:
    """Whether a level target is a stock to reach (民营企业达到2.6万家) rather than a flow (新增就业)."""
    if target.measure != "level":
        return False
    if target.canonical:
        return target.canonical in rules.stock_canonical
    if any(w in target.indicator for w in rules.flow_words):
        return False
    return any(w in target.indicator for w in rules.stock_words)


def is_state(target: Statement, rules: TrackingRules) -> bool:
    """Figures that describe a state at a time (stocks, shares): an earlier reading shows progress."""
    return target.measure == "share" or is_stock(target, rules)


def effective_period(target: Statement, item: Item, rules: TrackingRules) -> Period:
    """The period a figure stands for: a stock's level reported for a span is its level at the end."""
    p = item.period
    return Period(p.end, p.end) if p.years > 1 and is_stock(target, rules) else p


def _classify(
    target: Statement, tp: Period, item: Item, rules: TrackingRules, space: Space, factor: float
) -> tuple[Role, Note] | None:
    ep, kind = effective_period(target, item, rules), item.statement.kind
    stock, state = is_stock(target, rules), is_state(target, rules)
    multi = tp.years > 1
    if ep == tp:
        return ("direct", "same") if kind == "actual" else ("indirect", "estimate")
    value = position(item.statement, space, factor)
    early = kind == "actual" and stock and space.better == "up" and ep.end < tp.end and ep.years == 1
    if early and meets(target, value, space, rules):
        return "direct", "early"
    partial = multi and ep.start == tp.start and ep.end < tp.end
    flow_total = kind == "actual" and target.measure == "level" and not stock and space.better == "up"
    if partial and flow_total and meets(target, value, space, rules):
        return "direct", "partial"
    if ep.end < tp.start or (ep.start >= tp.start and ep.end < tp.end):
        # before the period, or inside it before its end: progress on the way
        if ep.end < tp.start and not state:
            return None
        return "progress", "before" if ep.end < tp.start else "within"
    if kind != "actual":
        return None
    rate = target.measure in ("share", "growth")
    if ep.years == 1 and tp.years == 1:
        return ("indirect", "adjacent") if ep.start == tp.end + 1 else None
    if ep.years > 1 and tp.years > 1 and ep.overlaps(tp):
        return "indirect", "overlap"
    if rate and ep.overlaps(tp):
        return "indirect", "overlap"
    if rate and ep.start == tp.end + 1:
        return "indirect", "adjacent"
    return None


def admissible(
    target: Item, item: Item, rules: TrackingRules, space: Space
) -> tuple[Role, Note, float] | None:
    """Whether ``item`` could be evidence for ``target`` whatever its words: region, kind, measure,
    unit and period (role, note and unit factor), else None."""
    t, s = target.statement, item.statement
    if s.measure != t.measure or s.kind == "target":
        return None
    if t.canonical and s.canonical and s.canonical != t.canonical:
        return None
    region, doc = target.facts.region, target.facts.doc
    if item.facts.region != region or (region is None and item.facts.doc != doc):
        return None
    if item.facts.doc == doc and item.period != target.period:
        return None  # the plan's own baselines are not results for its targets
    factor = unit_factor(t, s, rules)
    if factor is None:
        return None
    got = _classify(t, target.period, item, rules, space, factor)
    return None if got is None else (got[0], got[1], factor)


def candidates(
    target: Item,
    pool: Sequence[Item],
    rules: TrackingRules,
    space: Space,
    linked: Mapping[int, float],
    part_year: frozenset[int] = frozenset(),
) -> list[Candidate]:
    """The evidence for ``target`` among the items of ``pool`` linked to it, oldest document first.

    ``linked`` (``id(item)`` → confidence) comes from :func:`planwatch.track.linking.link_all`. A
    figure for part of the target's year (``part_year``, by ``id(item)``) is indirect evidence.
    """
    t = target.statement
    out: list[Candidate] = []
    for item in pool:
        if id(item) not in linked:
            continue
        got = admissible(target, item, rules, space)
        if got is None:
            continue
        role, note, factor = got
        if role == "direct" and id(item) in part_year and note == "same":
            role, note = "indirect", "part_year"
        out.append(Candidate(item, role, note, factor, effective_period(t, item, rules), linked[id(item)]))
    out.sort(key=lambda c: (c.item.order, c.item.statement.start))
    return out
