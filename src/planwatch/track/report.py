"""The evaluation report (量化指标任务落实情况表): rows, summaries by status and domain, mid-term view.

This module builds a plain :class:`Report` from judgements; ``track.render``
turns it into Markdown, HTML or XLSX. All headings and labels come from
``tracking.yaml`` (``report``, ``labels``, ``domains``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from planwatch.extract.indicators import namer
from planwatch.model import STATUSES, DocumentFacts, Judgement, Statement
from planwatch.records import sentence_of
from planwatch.track.compare import parse_period, position, position_of_target, space_for
from planwatch.track.judge import format_value, period_label
from planwatch.track.link import unit_factor
from planwatch.track.rules import Indicator, TrackingRules, load_indicators, load_rules


@dataclass(frozen=True)
class Row:
    """One target: the cells of the report's main table."""

    domain: str
    indicator: str
    target: str
    actual: str
    status: str
    status_label: str
    reason: str
    source: str
    #: The sentence holding the target's figure ("" when the text is not at hand).
    sentence: str = ""
    #: Each piece of evidence as a person reads it: figure (period, document and place): sentence.
    evidence: tuple[str, ...] = ()
    #: Where the target stands: its document (title or file name) and character position.
    where: str = ""


@dataclass(frozen=True)
class MidRow:
    """One target of a multi-year plan, against the share of its period elapsed."""

    indicator: str
    target: str
    latest: str
    progress: str
    elapsed: str
    status_label: str


@dataclass(frozen=True)
class Report:
    title: str
    as_of: str
    rows: tuple[Row, ...]
    by_status: tuple[tuple[str, str, int], ...]  # (status, label, count)
    domains: tuple[str, ...]
    by_domain: Mapping[str, Mapping[str, int]]  # domain -> status -> count
    midterm_title: str = ""
    midterm: tuple[MidRow, ...] = ()
    labels: Mapping[str, object] = field(default_factory=dict)
    #: The title of the office's 目标落实情况表 (the Word document).
    office_title: str = ""


def in_period(target_period: str, wanted: str | None) -> bool:
    """A target asked for by ``--period``: the same period, or (a span asked for) any period inside it."""
    if not wanted or target_period == wanted:
        return True
    w, p = parse_period(wanted), parse_period(target_period)
    return bool(w and p and w.years > 1 and w.start <= p.start and p.end <= w.end)


def domain_of(s: Statement, rules: TrackingRules) -> str:
    """The report domain of a statement: by canonical id, else by words of its indicator."""
    for d in rules.domains:
        if s.canonical and s.canonical in d.canonical:
            return d.name
    for d in rules.domains:
        if any(w in s.indicator for w in d.words):
            return d.name
    return rules.other_domain


def source_of(s: Statement) -> str:
    """Where a statement stands: ``doc[start:end]``."""
    return f"{s.doc}[{s.start}:{s.end}]"


def position_text(doc: str, start: int, rules: TrackingRules, title: str | None = None) -> str:
    """Where a figure stands, for a person: the document's title (else its file name) and position."""
    return str(rules.report["office"]["position"]).format(doc=title or doc, start=start)


def evidence_line(
    e: Mapping[str, object], rules: TrackingRules, title: str | None = None
) -> str:
    """One piece of evidence (a tracking.md evidence item) as readable text:
    ``8.5%（2023年，宝安区2024年政府工作报告 第120字）`` and its sentence when the item has one."""
    office = rules.report["office"]
    sentence = e.get("sentence")
    shape = office["evidence_sentence"] if sentence else office["evidence"]
    named = e.get("title") or e.get("doc_title")  # the document's title, where the record has one
    title = title or (str(named) if named else None)
    return str(shape).format(
        text=e.get("text", ""), period=period_label(str(e.get("period") or ""), rules),
        kind=str(rules.labels["kind"].get(str(e.get("kind") or "actual"), "")),
        source=position_text(str(e.get("doc", "")), int(str(e.get("start") or 0)), rules, title),
        sentence=sentence or "",
    )


def _sentence_of(s: Statement, texts: Mapping[str, str] | None) -> str:
    """The sentence holding ``s``'s figure, as every record quotes it (:func:`records.sentence_of`)."""
    return sentence_of(s, (texts or {}).get(s.doc), namer().sentence_break) or ""


def _actual_cell(j: Judgement, rules: TrackingRules) -> str:
    parts = []
    for e in j.evidence:
        s = e.statement
        kind = str(rules.labels["kind"].get(s.kind, ""))
        cell = f"{period_label(s.period, rules)}{kind}{s.text}"
        if e.role == "superseded":
            cell += str(rules.report["superseded"])
        parts.append(cell)
    return str(rules.report["separator"]).join(parts) or str(rules.report["none"])


def _row(
    j: Judgement, rules: TrackingRules, texts: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> Row:
    t = j.target
    sources = [source_of(t)] + [source_of(e.statement) for e in j.evidence]
    titles = titles or {}
    evidence = tuple(
        evidence_line(
            {"doc": s.doc, "start": s.start, "text": s.text, "period": s.period, "kind": s.kind,
             "sentence": _sentence_of(s, texts)},
            rules, titles.get(s.doc),
        ) + (str(rules.report["superseded"]) if e.role == "superseded" else "")
        for e in j.evidence
        for s in (e.statement,)
    )
    return Row(
        domain=domain_of(t, rules), indicator=t.indicator,
        target=f"{period_label(t.period, rules)} {t.text}", actual=_actual_cell(j, rules),
        status=j.status, status_label=rules.status_labels[j.status], reason=j.reason,
        source=str(rules.report["separator"]).join(sources),
        sentence=_sentence_of(t, texts), evidence=evidence,
        where=position_text(t.doc, t.start, rules, titles.get(t.doc)),
    )


def elapsed_share(start: int, end: int, today: date) -> float:
    """Share of the years ``start..end`` closed by ``today`` (whole years)."""
    closed = min(today.year - 1, end) - start + 1
    return max(0.0, min(1.0, closed / (end - start + 1)))


def _mid_row(
    j: Judgement, rules: TrackingRules, indicators: Mapping[str, Indicator], share: float
) -> MidRow:
    t = j.target
    used = [e for e in j.evidence if e.role != "superseded"]
    latest = max(used, key=lambda e: e.statement.period) if used else None
    progress = "—"
    if latest is not None:
        space = space_for(t, rules, indicators)
        goal = position_of_target(t, space)
        factor = unit_factor(t, latest.statement, rules)
        if t.measure == "level" and space.better == "up" and goal > 0 and factor is not None:
            progress = f"{position(latest.statement, space, factor) / goal:.0%}"
    shown = f"{period_label(latest.statement.period, rules)}{latest.statement.text}" if latest else "—"
    return MidRow(
        indicator=t.indicator, target=f"{period_label(t.period, rules)} {t.text}", latest=shown,
        progress=progress, elapsed=f"{share:.0%}", status_label=rules.status_labels[j.status],
    )


def _plan_span(
    judgements: Sequence[Judgement], facts: Mapping[str, DocumentFacts], period: str | None
) -> tuple[int, int] | None:
    """The span of the five-year plan under review: ``--period`` if a span, else the plan document's."""
    p = parse_period(period)
    if p is not None and p.years > 1:
        return p.start, p.end
    for j in judgements:
        f = facts.get(j.target.doc)
        if f is not None and f.kind == "five_year_plan":
            for plan in f.plans:
                q = parse_period(plan)
                if q is not None and q.years > 1:
                    return q.start, q.end
    return None


def _plan_targets(
    judgements: Sequence[Judgement], facts: Mapping[str, DocumentFacts], span: tuple[int, int]
) -> list[Judgement]:
    """The targets of the plan: those of five-year-plan documents (else any) falling inside ``span``."""
    inside = []
    for j in judgements:
        p = parse_period(j.target.period)
        if p is not None and span[0] <= p.start and p.end <= span[1]:
            inside.append(j)
    plans = [j for j in inside if (f := facts.get(j.target.doc)) is not None and f.kind == "five_year_plan"]
    return plans or inside


def build_report(
    judgements: Sequence[Judgement],
    facts: Mapping[str, DocumentFacts],
    *,
    region: str | None,
    period: str | None,
    today: date,
    rules: TrackingRules | None = None,
    indicators: Mapping[str, Indicator] | None = None,
    texts: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> Report:
    """The report of ``judgements`` (already filtered to the region and period asked for).

    ``texts`` (document → its text) give each row the sentence of its target and evidence;
    ``titles`` (document → its title) name the documents instead of their file names."""
    rules = rules or load_rules()
    indicators = load_indicators() if indicators is None else indicators
    rep = rules.report
    rows = tuple(_row(j, rules, texts, titles) for j in judgements)
    counts = Counter(str(j.status) for j in judgements)
    by_status = tuple((s, rules.status_labels[s], counts[s]) for s in STATUSES)
    domains = [d.name for d in rules.domains] + [rules.other_domain]
    by_domain: dict[str, dict[str, int]] = {}
    for r in rows:
        by_domain.setdefault(r.domain, dict.fromkeys(STATUSES, 0))[r.status] += 1
    title = str(rep["title"]).format(
        region=region or rep["all_regions"], period=period_label(period, rules) if period else ""
    )
    mid_title = ""
    mid_rows: tuple[MidRow, ...] = ()
    span = _plan_span(judgements, facts, period)
    if span is not None:
        share = elapsed_share(span[0], span[1], today)
        mid_title = str(rep["midterm"]).format(start=span[0], end=span[1], share=f"{share:.0%}")
        plan = _plan_targets(judgements, facts, span)
        mid_rows = tuple(_mid_row(j, rules, indicators, share) for j in plan)
    office_title = str(rep["office"]["title"]).format(
        region=region or rep["all_regions"], period=period_label(period, rules) if period else ""
    )
    return Report(
        title=title, office_title=office_title, as_of=str(rep["as_of"]).format(today=today.isoformat()),
        rows=rows,
        by_status=by_status, domains=tuple(d for d in domains if d in by_domain), by_domain=by_domain,
        midterm_title=mid_title, midterm=mid_rows, labels=rep,
    )


__all__ = [
    "MidRow", "Report", "Row", "build_report", "domain_of", "elapsed_share", "evidence_line", "format_value",
    "in_period",
    "position_text",
]
