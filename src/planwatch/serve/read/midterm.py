"""The mid-term view of a multi-year plan: each target's progress against the share of the period gone.

A plan is a document of the region that plans a span of years (a 五年规划纲要 first, else any report whose
``plans`` holds a span such as 2022-2026). Its targets are its ``target`` statements falling inside the
span. The view is "as of" a year: the latest year with a reported actual in the region (capped to the
span), or the year asked for; the share of the period gone counts that year as gone (2021-2025 seen
in 2023: 3 of 5 years, 60 %). Figures reported after that year are not used (once the period is
over, all are).

A level target's progress is the actual against the target, in one unit (``tracking.yaml`` unit
factors): for a flow over a span (新增就业18万人, 2016-2020) the sum of the yearly actuals so far, or a
figure reported for several years; for a stock or a one-year target, the latest actual. Rates (growth,
shares) and ceilings are only checked against their figure: they do not grow with time. The actuals
are the target's evidence (its judgement) first, else the region's actuals of the same indicator.
Every figure keeps its source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planwatch.serve import labels as L
from planwatch.store.schema import DocumentRow, EvidenceRow, JudgementRow, StatementRow
from planwatch.track.compare import Period, common_unit, parse_period
from planwatch.track.rules import TrackingRules, load_rules

CEILINGS = ("<=", "<")


@dataclass(frozen=True)
class Plan:
    sha: str
    doc: str
    title: str
    kind: str
    start: int
    end: int

    @property
    def years(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True)
class Source:
    """A figure and where it stands."""

    text: str
    period: str
    value: float  # in the target's unit
    doc: str
    href: str


@dataclass
class MidRow:
    indicator: str
    canonical: str | None
    period: str
    target: Source
    comparator: str
    measure: str
    latest: list[Source] = field(default_factory=list)
    value: float | None = None  # the actual the target is measured against (sum or latest)
    progress: float | None = None  # value / target, for level targets
    met: bool | None = None  # for rates and ceilings
    cumulative: bool = False
    status: str | None = None
    note: str = ""

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def _title(row: DocumentRow) -> str:
    meta = row.meta if isinstance(row.meta, dict) else {}
    title = meta.get("title")
    return str(title) if isinstance(title, str) and title.strip() else row.name


def _in_region(region: str) -> Any:
    return or_(DocumentRow.region == region, DocumentRow.region.like(region + "%"))


def plans(session: Session, region: str) -> list[Plan]:
    """The region's documents that plan a span of years: five-year plans first, then the latest."""
    rows = session.scalars(
        select(DocumentRow).where(DocumentRow.region == region, DocumentRow.superseded_by.is_(None))
    )
    out = []
    for row in rows:
        spans = [p for p in (parse_period(str(x)) for x in row.plans or []) if p is not None and p.years > 1]
        if spans:
            span = max(spans, key=lambda p: (p.years, p.end))
            out.append(Plan(row.sha256, row.name, _title(row), row.kind, span.start, span.end))
    return sorted(out, key=lambda p: (p.kind != "five_year_plan", -p.end, p.doc))


def _href(sha: str, statement_id: str | None) -> str:
    return f"/documents/{sha}" + (f"?focus={statement_id}#st-{statement_id}" if statement_id else "")


def _is_stock(canonical: str | None, indicator: str, rules: TrackingRules) -> bool:
    """A stock to reach (民营企业达到2.6万家) rather than a flow (新增就业); as ``track.link.is_stock``."""
    if canonical:
        return canonical in rules.stock_canonical
    if any(w in indicator for w in rules.flow_words):
        return False
    return any(w in indicator for w in rules.stock_words)


def _meets(value: float, comparator: str, goal: float) -> bool:
    if comparator in CEILINGS:
        return value < goal if comparator == "<" else value <= goal
    return value > goal if comparator == ">" else value >= goal


@dataclass(frozen=True)
class _Actual:
    period: Period
    value: float  # in its common unit
    unit: str
    source: Source


def _region_actuals(
    session: Session, region: str, rules: TrackingRules
) -> list[tuple[StatementRow, _Actual]]:
    rows = session.execute(
        select(StatementRow, DocumentRow)
        .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
        .where(_in_region(region), DocumentRow.superseded_by.is_(None), StatementRow.kind == "actual")
        .order_by(StatementRow.period, StatementRow.doc_sha, StatementRow.start)
    ).all()
    out = []
    for st, doc in rows:
        p = parse_period(st.period)
        if p is None or st.value is None:
            continue
        unit, factor = common_unit(st.unit or "", rules)
        src = Source(st.text, st.period, float(st.value) * factor, _title(doc), _href(st.doc_sha, st.id))
        out.append((st, _Actual(p, float(st.value) * factor, unit, src)))
    return out


def _evidence(
    session: Session, ids: Iterable[str], rules: TrackingRules
) -> dict[str, tuple[str, list[_Actual]]]:
    """Per target statement id: its judgement's status and the actuals of its evidence."""
    judged = {
        j.statement_id: j
        for j in session.scalars(select(JudgementRow).where(JudgementRow.statement_id.in_(list(ids))))
    }
    out: dict[str, tuple[str, list[_Actual]]] = {}
    if not judged:
        return out
    by_judgement: dict[str, list[EvidenceRow]] = {}
    for ev in session.scalars(
        select(EvidenceRow).where(EvidenceRow.judgement_id.in_([j.id for j in judged.values()]))
    ):
        by_judgement.setdefault(ev.judgement_id, []).append(ev)
    names = {ev.doc for evs in by_judgement.values() for ev in evs}
    docs = {
        d.name: d
        for d in session.scalars(
            select(DocumentRow).where(DocumentRow.name.in_(names), DocumentRow.superseded_by.is_(None))
        )
    }
    for sid, j in judged.items():
        found = []
        for ev in by_judgement.get(j.id, []):
            p = parse_period(ev.period)
            st = ev.statement if isinstance(ev.statement, dict) else {}
            if p is None or ev.role == "superseded" or ev.kind != "actual":
                continue
            unit, factor = common_unit(str(st.get("unit") or ""), rules)
            d = docs.get(ev.doc)
            href = _href(d.sha256, ev.statement_id) if d is not None else ""
            src = Source(ev.text, ev.period, ev.value * factor, _title(d) if d is not None else ev.doc, href)
            found.append(_Actual(p, ev.value * factor, unit, src))
        if sid:
            out[sid] = (j.status, found)
    return out


def _measure(row: MidRow, unit: str, actuals: list[_Actual], stock: bool, span: Period) -> None:
    """Fill ``row``'s value, progress or met from the ``actuals`` in the target's ``unit``."""
    mine = [a for a in actuals if a.unit == unit]
    if not mine:
        row.note = str(L.labels()["charts"]["no_actual"])
        return
    goal = row.target.value
    cumulative = row.measure == "level" and span.years > 1 and not stock
    if cumulative:
        spans = [a for a in mine if a.period.years > 1]
        yearly: dict[int, _Actual] = {}
        for a in mine:
            if a.period.years == 1 and span.start <= a.period.start <= span.end:
                yearly[a.period.start] = a  # the later document wins
        if spans and len(yearly) < max(a.period.years for a in spans):
            best = max(spans, key=lambda a: (a.period.years, a.period.end))
            used = [best]
        else:
            used = [yearly[y] for y in sorted(yearly)] or [max(mine, key=lambda a: a.period.end)]
        row.value = sum(a.value for a in used)
        row.cumulative = True
    else:
        used = [max(mine, key=lambda a: (a.period.end, -a.period.years))]
        row.value = used[0].value
    row.latest = [a.source for a in used]
    if row.measure == "level" and row.comparator not in CEILINGS and goal > 0:
        row.progress = row.value / goal
    else:
        row.met = _meets(row.value, row.comparator, goal)
        row.note = str(L.labels()["charts"]["rate"])


def as_of_year(session: Session, region: str, plan: Plan) -> int:
    """The latest year with an actual reported in the region, within the plan's span (else its start)."""
    years = [
        p.end
        for p in (
            parse_period(x)
            for x in session.scalars(
                select(StatementRow.period)
                .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
                .where(_in_region(region), DocumentRow.superseded_by.is_(None), StatementRow.kind == "actual")
                .distinct()
            )
        )
        if p is not None
    ]
    latest = max(years, default=plan.start)
    return max(plan.start, min(plan.end, latest))


def elapsed(plan: Plan, year: int) -> float:
    """The share of the plan's years gone by the end of ``year``."""
    return max(0.0, min(1.0, (year - plan.start + 1) / plan.years))


def midterm(session: Session, region: str, plan: Plan, year: int | None = None) -> dict[str, Any]:
    """The view of ``plan`` as of ``year`` (default :func:`as_of_year`): rows, share gone, counts."""
    rules = load_rules()
    year = as_of_year(session, region, plan) if year is None else max(plan.start, min(plan.end, year))
    share = elapsed(plan, year)
    span = Period(plan.start, plan.end)
    targets = [
        st
        for st in session.scalars(
            select(StatementRow)
            .where(
                StatementRow.doc_sha == plan.sha,
                StatementRow.kind == "target",
                StatementRow.value.is_not(None),
            )
            .order_by(StatementRow.start)
        )
        if (p := parse_period(st.period)) is not None and plan.start <= p.start and p.end <= plan.end
    ]
    judged = _evidence(session, [t.id for t in targets], rules)
    # figures reported after ``year`` are not used, unless the period is over: then all are welcome
    cutoff = year if year < plan.end else 9999
    known = [(st, a) for st, a in _region_actuals(session, region, rules) if a.period.end <= cutoff]
    rows: list[MidRow] = []
    seen: set[tuple[str, str, str]] = set()
    for t in targets:
        key = (t.canonical or t.indicator, t.period, t.text)
        if key in seen:
            continue
        seen.add(key)
        unit, factor = common_unit(t.unit or "", rules)
        target = Source(t.text, t.period, float(t.value) * factor, plan.title, _href(t.doc_sha, t.id))
        row = MidRow(t.indicator, t.canonical, t.period, target, t.comparator, t.measure)
        status, actuals = judged.get(t.id, (None, []))
        row.status = status
        actuals = [a for a in actuals if a.period.end <= cutoff]
        if not actuals:
            actuals = [
                a
                for st, a in known
                if (st.canonical == t.canonical if t.canonical else st.indicator == t.indicator)
            ]
        period = parse_period(t.period) or span
        _measure(row, unit, actuals, _is_stock(t.canonical, t.indicator, rules), period)
        rows.append(row)
    rows.sort(key=lambda r: (r.progress is None and r.met is None, r.canonical is None, -(r.progress or 0)))
    return {
        "plan": plan,
        "year": year,
        "share": share,
        "percent": round(share * 100),
        "rows": rows,
        "years": list(range(plan.start, plan.end + 1)),
    }


def chart(view: dict[str, Any]) -> dict[str, Any]:
    """The bar chart of the rows with a progress: progress (capped at 150 %) against the share gone."""
    rows = [r for r in view["rows"] if r.progress is not None]
    return {
        "share": view["percent"],
        "labels": [f"{r.indicator}（{r.period}）" for r in rows],
        "values": [min(150, r.percent or 0) for r in rows],
        "percent": [r.percent for r in rows],
        "target": [r.target.text for r in rows],
        "latest": ["，".join(f"{s.period} {s.text}" for s in r.latest) for r in rows],
    }


__all__ = ["MidRow", "Plan", "as_of_year", "chart", "elapsed", "midterm", "plans"]
