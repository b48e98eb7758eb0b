"""Pages: the indicator list; one indicator across years, a chart per region (targets against actuals)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.labels import label
from planwatch.serve.params import Text, clean
from planwatch.serve.read import charts, queries, quotes

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
#: Rows of the figures table (the charts show them all).
TABLE_ROWS = 200


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: SessionDep) -> Any:
    """Indicators with statements, the headline (canonical) ones first, most statements first."""
    return render(request, "indicators.html", {"indicators": charts.indicator_list(session)})


@router.get("/indicators/{key}", response_class=HTMLResponse)
def indicator_page(request: Request, key: str, session: SessionDep, region: Text = None) -> Any:
    region = clean(region)
    found = queries.series(session, key, region=region, limit=TABLE_ROWS)
    if found is None:
        raise HTTPException(404, label("not_found", "indicator"))
    _, n_points = queries.series_summary(
        session, key, column_is_canonical=found.indicator.canonical, region=region
    )
    chart = charts.indicator_charts(session, key, canonical=found.indicator.canonical)
    names = [r["name"] for r in chart["regions"]]
    selected = region if region in names else (names[0] if names else "")
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
            "chart": chart,
            "selected": selected,
            "region": region or "",
            "targets": targets,
        },
    )
