"""Pages: the indicator list; one indicator across years and regions (targets and actuals on one chart)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve import queries
from planwatch.serve.deps import get_session, render
from planwatch.serve.params import Text, clean
from planwatch.serve.schemas import SeriesPoint

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: SessionDep) -> Any:
    items = queries.indicators(session)
    return render(request, "indicators.html", {"indicators": items})


def chart_data(points: list[SeriesPoint]) -> dict[str, Any]:
    """ECharts series: one line per (region, kind, unit), periods on the x axis (spans by their end year)."""
    periods = sorted({p.period for p in points}, key=lambda p: (p.split("-")[-1], p))
    lines: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for p in points:
        lines[(p.region or "", p.kind, p.unit)].setdefault(p.period, p.value)
    series = [
        {"region": r, "kind": k, "unit": u, "values": [vals.get(period) for period in periods]}
        for (r, k, u), vals in sorted(lines.items())
    ]
    return {"periods": periods, "series": series}


@router.get("/indicators/{key}", response_class=HTMLResponse)
def indicator_page(request: Request, key: str, session: SessionDep, region: Text = None) -> Any:
    region = clean(region)
    found = queries.series(session, key, region=region)
    if found is None:
        raise HTTPException(404, "没有这个指标")
    regions = sorted({p.region or "" for p in found.points})
    targets, _ = queries.judgements(
        session,
        canonical=key if found.indicator.canonical else None,
        indicator=None if found.indicator.canonical else key,
        region=region,
        limit=500,
    )
    return render(
        request,
        "indicator.html",
        {
            "indicator": found.indicator,
            "points": found.points,
            "chart": chart_data(found.points),
            "regions": regions,
            "region": region or "",
            "targets": targets,
        },
    )
