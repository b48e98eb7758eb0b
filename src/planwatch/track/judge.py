"""Judge every target against its evidence (tracking.md; method in docs/tracking-method.md).

Pure: statements paired with their documents' facts in, judgements out. Status
precedence: achieved > missed > likely_achieved > likely_missed > on_track >
at_risk > no_data. "The period has ended" is judged against ``today``, by
default the latest delivered date among the documents, so runs reproduce.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Literal

from planwatch.model import DocumentFacts, Evidence, Judgement, Statement, Status
from planwatch.track.compare import (
    Period,
    Space,
    meets,
    parse_period,
    position,
    position_of_target,
    relation,
    space_for,
)
from planwatch.track.copies import find_copies
from planwatch.track.link import Candidate, Item, candidates, is_state, is_stock, make_items
from planwatch.track.linking import Links, link_all, vocabulary
from planwatch.track.match import Idf
from planwatch.track.rules import Indicator, TrackingRules, load_indicators, load_rules

Role = Literal["direct", "indirect", "superseded"]


def document_date(f: DocumentFacts) -> date | None:
    """When a document speaks: its delivered date, else its published date, else the first day of the
    year it plans for (a report planning 2025 is read in 2025 at the earliest); None when it says none."""
    if f.delivered or f.published:
        return date.fromisoformat(f.delivered or f.published or "")
    years = [int(p[:4]) for p in f.plans if p[:4].isdigit()]
    return date(min(years), 1, 1) if years else None


def default_today(facts: Iterable[DocumentFacts]) -> date:
    """The latest date any of ``facts`` speaks at (:func:`document_date`), else the wall clock: a
    report without a date still moves "today" to the year it plans for, so that the year it reviews
    counts as ended even beside other regions' dated reports."""
    dates = [d for f in facts if (d := document_date(f)) is not None]
    return max(dates) if dates else date.today()


def judge(
    targets_and_evidence: Iterable[tuple[Statement, DocumentFacts]],
    *,
    today: date | None = None,
    indicators: Mapping[str, Indicator] | None = None,
    rules: TrackingRules | None = None,
    texts: Mapping[str, str] | None = None,
    idf: Idf | None = None,
) -> list[Judgement]:
    """Judge every ``kind: target`` statement against the other statements given, in input order.

    ``texts`` (document name → canonical text) lets the linker read the words around each figure
    (track/words.py); without it, figures are known by their indicator words alone. ``idf``: the
    linker's word weights when ``targets_and_evidence`` is one region of a larger whole (see
    :func:`region_vocabulary`); by default they come from the statements given.
    """
    pairs = list(targets_and_evidence)
    rules = rules or load_rules()
    indicators = load_indicators() if indicators is None else indicators
    when = today or default_today(f for _, f in pairs)
    copies = find_copies(pairs)  # the same report stored twice is read once
    items = make_items(p for n, p in enumerate(pairs) if copies.is_original(n))
    by_target = {id(i.statement): i for i in items if i.statement.kind == "target"}
    links = link_all(items, rules, indicators, texts, idf=idf)
    by_id = {id(i): i for i in items}
    judged: dict[int, Judgement] = {}
    out = []
    for n, (s, f) in enumerate(pairs):
        if s.kind != "target":
            continue
        original = copies.original[n]
        if original != n and original in judged:
            out.append(replace(judged[original], target=s))
            continue
        item = by_target.get(id(s))
        if item is None:  # unreadable period
            j = Judgement(s, f.region, "no_data", (), _reason(rules, "no_data_undated", s, None))
        else:
            mine = [by_id[k] for k in links.of(item)]
            j = judge_one(item, mine, when, rules, indicators, links)
        judged[n] = j
        out.append(j)
    return out


def original_items(pairs: Sequence[tuple[Statement, DocumentFacts]]) -> list[Item]:
    """The items :func:`judge` links: the statements of ``pairs`` with a readable period, copies
    of a report left out."""
    copies = find_copies(pairs)
    return make_items(p for n, p in enumerate(pairs) if copies.is_original(n))


def region_vocabulary(
    pairs: Sequence[tuple[Statement, DocumentFacts]], texts: Mapping[str, str] | None = None
) -> tuple[int, Counter[str]]:
    """One region's share of the linker's word weights: its profiles and each word's count.

    Statements of one region are only ever linked to statements of that region (and copies are found
    within a region), so judging a store region by region with the weights summed over every region
    (``Idf.from_counts``) and ``today`` over every document gives what :func:`judge` gives over the
    whole store at once.
    """
    return vocabulary(original_items(pairs), texts)


def judge_one(
    target: Item,
    pool: Sequence[Item],
    today: date,
    rules: TrackingRules,
    indicators: Mapping[str, Indicator],
    links: Links,
) -> Judgement:
    """The judgement of one target item against the items of ``pool`` linked to it."""
    t, tp = target.statement, target.period
    space = space_for(t, rules, indicators)
    cands = candidates(target, pool, rules, space, links.of(target), links.part_year)
    ended = today > date(tp.end, 12, 31)
    ok = {id(c): meets(t, position(c.item.statement, space, c.factor), space, rules) for c in cands}
    # a figure for part of the target's object proves it met, never missed (its rest may make it up)
    cands = [c for c in cands if ok[id(c)] or (id(target), id(c.item)) not in links.narrower]

    def ev(c: Candidate, role: Role) -> Evidence:
        return Evidence(c.item.statement, c.item.region, role)

    def decided(status: Status, winner: Candidate, group: list[Candidate], key: str) -> Judgement:
        same = [c for c in group if ok[id(c)] == ok[id(winner)]]
        keep = [ev(c, "direct" if c.role == "direct" else "indirect") for c in same]
        old = [ev(c, "superseded") for c in group if ok[id(c)] != ok[id(winner)]]
        return Judgement(t, target.region, status, tuple(keep + old), _reason(rules, key, t, winner, space))

    direct = [c for c in cands if c.role == "direct"]
    failing_now: list[Candidate] = []
    if direct:
        # the target period's own figure over an earlier year's, then the latest document
        winner = max(direct, key=lambda c: (c.note == "same", c.item.order))
        estimates = [c for c in cands if c.note == "estimate"]
        if ok[id(winner)]:
            key = {"early": "achieved_early", "partial": "achieved_partial"}.get(winner.note, "achieved")
            return decided("achieved", winner, direct + estimates, key)
        if ended:
            return decided("missed", winner, direct + estimates, "missed")
        failing_now = [winner]
    indirect = [c for c in cands if c.role == "indirect"]
    if indirect:
        winner = max(indirect, key=lambda c: (_closeness(c, tp), c.item.order))
        status: Status = "likely_achieved" if ok[id(winner)] else "likely_missed"
        return decided(status, winner, indirect, status)
    progress = [c for c in cands if c.role == "progress"] + failing_now
    if not ended and progress:
        return _on_path(target, progress, space, rules, ok)
    if progress:
        latest = max(progress, key=lambda c: (c.period.end, c.item.order))
        return Judgement(t, target.region, "no_data", (), _reason(rules, "no_data_early", t, latest, space))
    return Judgement(t, target.region, "no_data", (), _reason(rules, "no_data", t, None))


def _closeness(c: Candidate, tp: Period) -> int:
    """Rank indirect evidence: a period covering the target's > an estimate for it > overlap > adjacent."""
    p = c.period
    if p.start <= tp.start and tp.end <= p.end:
        return 3
    return {"estimate": 2, "overlap": 1}.get(c.note, 0)


def plan_span(target: Item) -> Period:
    """The span a target is pursued over: the longest plan period of its document that holds it.

    A five-year plan's ``2020年达到2.6万家`` is pursued over 2016-2020; a yearly target over its year.
    """
    tp, best = target.period, target.period
    for text in target.facts.plans:
        p = parse_period(text)
        if p is not None and p.start <= tp.start and tp.end <= p.end and p.years > best.years:
            best = p
    return best


def _latest(cands: Sequence[Candidate]) -> Candidate:
    return max(cands, key=lambda c: (c.period.end, c.item.statement.kind == "actual", c.item.order))


def _on_path(
    target: Item,
    progress: list[Candidate],
    space: Space,
    rules: TrackingRules,
    ok: Mapping[int, bool],
) -> Judgement:
    """on_track / at_risk: the latest figure meets the target or is on the linear path to it.

    Only a figure inside the span the target is pursued over shows progress; figures from
    before it are baselines. With none inside, a state already at the target is on track,
    anything else has no progress to judge yet (``no_data``).
    """
    t, tp, span = target.statement, target.period, plan_span(target)
    inside = [c for c in progress if c.period.end >= span.start]
    before = [c for c in progress if c.period.end < span.start]
    if not inside:
        last = _latest(before)
        if ok[id(last)]:
            reason = _reason(rules, "on_track_met", t, last, space)
            return Judgement(t, target.region, "on_track", (_ev(last),), reason)
        return Judgement(t, target.region, "no_data", (), _reason(rules, "no_data_start", t, last, space))
    latest = _latest(inside)
    if ok[id(latest)]:
        reason = _reason(rules, "on_track_met", t, latest, space)
        return Judgement(t, target.region, "on_track", (_ev(latest),), reason)
    goal = position_of_target(t, space)
    used = [latest]
    expected: float | None = None
    current = position(latest.item.statement, space, latest.factor)
    k = latest.period.end
    share = max(0.0, min(1.0, (k - tp.start + 1) / tp.years))
    if t.measure == "level" and not is_stock(t, rules) and tp.years > 1:
        cum = _cumulative(inside, tp, k, space)
        if cum is not None:
            current, used = cum
            expected = goal * share
    elif is_state(t, rules):
        actuals = [c for c in progress if c.period.end < k and c.item.statement.kind == "actual"]
        bases = [c for c in actuals if c.period.end < span.start]
        if bases or actuals:
            # the plan's base year (the latest figure before the span), else the earliest figure
            base = (max(bases, key=lambda c: (c.period.end, c.item.order)) if bases
                    else min(actuals, key=lambda c: (c.period.end, c.item.order)))
            b, yb = position(base.item.statement, space, base.factor), base.period.end
            share = (k - yb) / (tp.end - yb) if tp.end > yb else 1.0
            expected = b + (goal - b) * share
            used = [base, latest]
    evidence = tuple(_ev(c) for c in used)
    if expected is None:
        reason = _reason(rules, "at_risk_open", t, latest, space)
        return Judgement(t, target.region, "at_risk", evidence, reason)
    on = meets(t, current, space, rules, goal=expected)
    key = "on_track_path" if on else "at_risk_path"
    reason = _reason(rules, key, t, latest, space, expected=expected, share=share, current=current)
    return Judgement(t, target.region, "on_track" if on else "at_risk", evidence, reason)


def _ev(c: Candidate) -> Evidence:
    return Evidence(c.item.statement, c.item.region, "indirect")


def _cumulative(
    progress: list[Candidate], tp: Period, k: int, space: Space
) -> tuple[float, list[Candidate]] | None:
    """The total of a flow from the start of ``tp`` to year ``k``: one figure, or the sum of each year's."""
    whole = [c for c in progress if c.period.start == tp.start and c.period.end == k]
    if whole:
        c = max(whole, key=lambda c: (c.item.statement.kind == "actual", c.item.order))
        return position(c.item.statement, space, c.factor), [c]
    years: dict[int, Candidate] = {}
    for c in sorted(progress, key=lambda c: (c.item.statement.kind == "actual", c.item.order)):
        if c.period.years == 1:
            years[c.period.start] = c
    if all(y in years for y in range(tp.start, k + 1)):
        used = [years[y] for y in range(tp.start, k + 1)]
        return sum(position(c.item.statement, space, c.factor) for c in used), used
    return None


def period_label(period: str | Period, rules: TrackingRules) -> str:
    """``2019`` → 2019年, ``2016-2020`` → 2016-2020年 (labels in tracking.yaml)."""
    p = str(period)
    if "-" in p:
        a, b = p.split("-", 1)
        return str(rules.labels["span"]).format(start=a, end=b)
    return str(rules.labels["year"]).format(year=p)


def format_value(value: float, unit: str, rules: TrackingRules) -> str:
    """A figure for people: 143000 人 → 14.3万人, 5.99e10 元 → 599亿元."""
    scale_word = ""
    if unit not in rules.point_units:
        for size, word in rules.labels["scales"]:
            if abs(value) >= size:
                value, scale_word = value / size, word
                break
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{scale_word}{unit}"


def _reason(
    rules: TrackingRules,
    key: str,
    t: Statement,
    c: Candidate | None,
    space: Space | None = None,
    *,
    expected: float | None = None,
    share: float | None = None,
    current: float | None = None,
) -> str:
    fields = {
        "t_text": t.text, "t_period": period_label(t.period, rules), "indicator": t.indicator,
        "e_text": "", "e_period": "", "e_kind": "", "cmp": "", "expected": "", "share": "",
    }
    if c is not None and space is not None:
        s = c.item.statement
        actual = position(s, space, c.factor) if current is None else current
        goal = position_of_target(t, space) if expected is None else expected
        fields.update(
            e_text=s.text, e_period=period_label(c.period, rules),
            e_kind=str(rules.labels["kind"].get(s.kind, "")),
            cmp=str(rules.labels["compare"][relation(actual, goal)]),
        )
        if expected is not None:
            shown = abs(expected) if space.fall else expected
            fields["expected"] = format_value(shown, t.unit, rules)
        if share is not None:
            fields["share"] = f"{share:.0%}"
        if c.confidence < 1:  # linked by its words, not by a shared indicator id: say how sure
            return rules.reasons[key].format(**fields) + str(rules.labels["linked_by_words"]).format(
                confidence=c.confidence)
    return rules.reasons[key].format(**fields)
