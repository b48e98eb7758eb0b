"""Pages: the indicator list; one indicator across years and regions (targets and actuals on one chart)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.labels import label
from planwatch.serve.params import Text, clean
from planwatch.serve.read import queries, quotes

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
#: Rows of the figures table (the chart shows them all).
TABLE_ROWS = 200


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: SessionDep) -> Any:
    items = queries.indicators(session)
    return render(request, "indicators.html", {"indicators": items})


def chart_data(figures: list[tuple[str | None, str, str, str, float]]) -> dict[str, Any]:
    """ECharts series: one line per (region, kind, unit), periods on the x axis (spans by their end year).

    ``figures`` are (region, kind, unit, period, value); where one period has several values, the first wins.
    """
    periods = sorted({f[3] for f in figures}, key=lambda p: (p.split("-")[-1], p))
    lines: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for reg, kind, unit, period, value in figures:
        lines[(reg or "", kind, unit)].setdefault(period, value)
    series = [
        {"region": r, "kind": k, "unit": u, "values": [vals.get(period) for period in periods]}
        for (r, k, u), vals in sorted(lines.items())
    ]
    return {"periods": periods, "series": series}


@router.get("/indicators/{key}", response_class=HTMLResponse)
def indicator_page(request: Request, key: str, session: SessionDep, region: Text = None) -> Any:
    region = clean(region)
    found = queries.series(session, key, region=region, limit=TABLE_ROWS)
    if found is None:
        raise HTTPException(404, label("not_found", "indicator"))
    figures, n_points = queries.series_summary(
        session, key, column_is_canonical=found.indicator.canonical, region=region
    )
    regions = sorted({f[0] or "" for f in figures})
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
            "titles": quotes.titles_of(session, {pt.doc_sha for pt in found.points}),
            "n_points": n_points,
            "chart": chart_data(figures),
            "regions": regions,
            "region": region or "",
            "targets": targets,
        },
    )
