"""The read model of the dashboard's charts: one indicator per region on a time axis, the indicator list.

Every point keeps its source (document, span, quoted figure). Amounts are drawn in 万/亿 of their unit
(the scales are ``number_scales`` of ``labels.yaml``), only for units that count things (``units.yaml``:
an entry without ``kind``); rates stay as they are. Units that compare (公顷 → 平方米, 户 → 家) are brought
to one (``tracking.yaml``: ``unit_factors``, ``unit_groups``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planwatch.extract.rulebook import load as load_rulebook
from planwatch.serve import labels as L
from planwatch.serve.read.queries import indicator, indicators
from planwatch.serve.schemas import IndicatorOut
from planwatch.store.schema import DocumentRow, StatementRow
from planwatch.track.compare import Period, common_unit, parse_period
from planwatch.track.rules import load_rules

#: The most figures one indicator chart reads.
MAX_POINTS = 5000
KINDS = ("actual", "estimate", "target")


@lru_cache(maxsize=1)
def _unit_kinds() -> dict[str, str]:
    return {u.unit: u.kind for u in load_rulebook().units.units}


def scalable(unit: str) -> bool:
    """Whether figures in ``unit`` may be shown in 万/亿 of it (a unit that counts things or money)."""
    return _unit_kinds().get(unit, "count") == "count"


def scale_for(unit: str, values: list[float]) -> tuple[float, str]:
    """The (factor, axis name) to draw ``values`` in ``unit``: 5e9 元 → (1e8, 亿元); 3.6 % → (1, %).

    The largest scale of ``number_scales`` the typical (median absolute) value reaches."""
    if scalable(unit) and values:
        typical = sorted(abs(v) for v in values)[len(values) // 2]
        for scale, suffix in L.labels().get("number_scales", []):
            if typical >= float(scale):
                return float(scale), f"{suffix}{unit}"
    return 1.0, unit


def _round(value: float) -> float:
    return float(f"{value:.6g}")


@dataclass(frozen=True)
class Figure:
    region: str
    statement_id: str
    kind: str
    period: Period
    period_text: str
    value: float  # in the common unit
    unit: str  # the common unit
    text: str
    indicator: str
    doc: str
    doc_sha: str
    title: str
    start: int
    end: int


def _title(row: DocumentRow | None, name: str) -> str:
    meta = row.meta if row is not None and isinstance(row.meta, dict) else {}
    title = meta.get("title")
    return str(title) if isinstance(title, str) and title.strip() else name


def figures(session: Session, key: str, *, canonical: bool, region: str | None = None) -> list[Figure]:
    """Every figure of one indicator with a year or span of years, in its common unit (current documents)."""
    rules = load_rules()
    column = StatementRow.canonical if canonical else StatementRow.indicator
    query = (
        select(StatementRow, DocumentRow)
        .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
        .where(column == key, DocumentRow.superseded_by.is_(None), StatementRow.value.is_not(None))
    )
    if region:
        query = query.where(or_(DocumentRow.region == region, DocumentRow.region.like(region + "%")))
    query = query.order_by(DocumentRow.region, StatementRow.period, StatementRow.doc_sha, StatementRow.start)
    out = []
    for st, doc in session.execute(query.limit(MAX_POINTS)).all():
        period = parse_period(st.period)
        if period is None or st.kind not in KINDS:
            continue
        unit, factor = common_unit(st.unit or "", rules)
        out.append(
            Figure(
                region=doc.region or "",
                statement_id=st.id,
                kind=st.kind,
                period=period,
                period_text=st.period,
                value=float(st.value) * factor,
                unit=unit,
                text=st.text,
                indicator=st.indicator,
                doc=st.doc,
                doc_sha=st.doc_sha,
                title=_title(doc, st.doc),
                start=st.start,
                end=st.end,
            )
        )
    return out


def _point(f: Figure, factor: float, x: float) -> dict[str, Any]:
    return {
        "value": [x, _round(f.value / factor)],
        "period": f.period_text,
        "text": f.text,
        "indicator": f.indicator,
        "doc": f.title,
        "file": f.doc,
        "href": f"/documents/{f.doc_sha}?focus={f.statement_id}#st-{f.statement_id}",
        "span": [f.start, f.end],
    }


def _with_gaps(points: list[dict[str, Any]]) -> list[Any]:
    """Yearly points in year order, a break (``[year, None]``) over each year without a figure."""
    out: list[Any] = []
    for p in sorted(points, key=lambda p: p["value"][0]):
        if out and p["value"][0] - out[-1]["value"][0] > 1:
            out.append({"value": [out[-1]["value"][0] + 1, None]})
        out.append(p)
    return out


def region_chart(figs: list[Figure]) -> dict[str, Any]:
    """One region's chart: y axes by unit (at most two), yearly series by kind; a figure for several years
    at its end year, ``from`` its first (drawn as a span)."""
    kind_label = L.labels()["kind"]
    words = L.labels()["charts"]
    by_unit = Counter(f.unit for f in figs)
    units = [u for u, _ in by_unit.most_common(2)]
    axes: list[dict[str, Any]] = []
    for u in units:
        factor, name = scale_for(u, [f.value for f in figs if f.unit == u])
        axes.append({"unit": u, "factor": factor, "name": name})
    series = []
    for axis, a in enumerate(axes):
        for kind in KINDS:
            mine = [f for f in figs if f.unit == a["unit"] and f.kind == kind]
            yearly = [_point(f, a["factor"], f.period.end) for f in mine if f.period.years == 1]
            spans = [f for f in mine if f.period.years > 1]
            suffix = f"（{a['name']}）" if len(axes) > 1 else ""
            if yearly:
                data = _with_gaps(yearly) if kind != "target" else sorted(yearly, key=lambda p: p["value"][0])
                series.append(
                    {
                        "kind": kind,
                        "span": False,
                        "axis": axis,
                        "name": f"{kind_label[kind]}{suffix}",
                        "data": data,
                    }
                )
            if spans:
                data = [
                    {**_point(f, a["factor"], f.period.end), "from": f.period.start}
                    for f in sorted(spans, key=lambda f: (f.period.end, f.period.start))
                ]
                name = str(words["span_series"]).format(kind=kind_label[kind]) + suffix
                series.append({"kind": kind, "span": True, "axis": axis, "name": name, "data": data})
    years = [y for f in figs for y in (f.period.start, f.period.end)]
    return {
        "axes": [{"name": a["name"], "unit": a["unit"], "factor": a["factor"]} for a in axes],
        "series": series,
        "years": [min(years), max(years)] if years else [],
        "n": len(figs),
    }


def indicator_charts(session: Session, key: str, *, canonical: bool) -> dict[str, Any]:
    """The charts of one indicator, one per region; ``regions`` lists them, the most figures first."""
    by_region: dict[str, list[Figure]] = defaultdict(list)
    for f in figures(session, key, canonical=canonical):
        by_region[f.region].append(f)
    order = sorted(by_region, key=lambda r: (-len(by_region[r]), r))
    return {
        "regions": [
            {"name": r, "label": r or L.text("region_unknown"), "n": len(by_region[r])} for r in order
        ],
        "charts": {r: region_chart(by_region[r]) for r in order},
    }


def indicator_list(session: Session) -> list[IndicatorOut]:
    """Indicators with statements: the canonical (headline) ones first, each part by number of statements
    (most first), then by name."""
    items = [i for i in indicators(session) if i.statements > 0]
    return sorted(items, key=lambda i: (not i.canonical or i.name == i.key, -i.statements, i.name))


#: The statuses the status chart always shows (others only where a region has them).
CORE_STATUSES = ("achieved", "likely_achieved", "likely_missed", "missed", "no_data")


def status_chart(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Stacked bars of targets by status, one bar per region (``counts``: region → status → n), regions
    with the most targets first; statuses in the spec's order, named by ``tracking.yaml``."""
    total = {r: sum(n.values()) for r, n in counts.items()}
    regions = sorted((r for r in counts if total[r]), key=lambda r: (-total[r], r))
    statuses = [s for s in L.STATUS_ORDER if s in CORE_STATUSES or any(counts[r].get(s) for r in regions)]
    return {
        "regions": regions,
        "series": [
            {"status": s, "name": L.label("status", s), "values": [counts[r].get(s, 0) for r in regions]}
            for s in statuses
        ],
    }


__all__ = [
    "Figure",
    "figures",
    "indicator",
    "indicator_charts",
    "indicator_list",
    "region_chart",
    "scale_for",
    "status_chart",
]
