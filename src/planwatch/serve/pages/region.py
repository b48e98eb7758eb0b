"""Page: a region's scorecard — targets grouped by status and domain, filterable by period and indicator."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.domains import domain_names, domain_of
from planwatch.serve.labels import STATUS_ORDER, label
from planwatch.serve.params import StatusChoice, Text, clean
from planwatch.serve.read import queries

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
MAX_ROWS = 2000


@router.get("/regions/{name}", response_class=HTMLResponse)
def region_page(
    request: Request,
    name: str,
    session: SessionDep,
    period: Text = None,
    indicator: Text = None,
    status: StatusChoice = None,
) -> Any:
    known = {r.name: r for r in queries.regions(session)}
    region = known.get(name)
    if region is None:
        raise HTTPException(404, label("not_found", "region"))
    period, indicator = clean(period), clean(indicator)
    all_targets, _ = queries.judgements(session, region=name, limit=MAX_ROWS)
    periods = sorted({j.period for j in all_targets}, reverse=True)
    shown = [
        j
        for j in all_targets
        if (not period or j.period == period)
        and (not indicator or indicator in j.indicator or indicator == (j.canonical or ""))
        and (not status or j.status == status)
    ]
    grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for j in shown:
        grouped[j.status][domain_of(j.canonical, j.indicator)].append(j)
    order = domain_names()
    groups = [
        (
            s,
            [
                (d, grouped[s][d])
                for d in sorted(
                    grouped[s], key=lambda d: (d not in order, order.index(d) if d in order else 0, d)
                )
            ],
        )
        for s in STATUS_ORDER
        if s in grouped
    ]
    counts = {s: sum(len(v) for _, v in g) for s, g in groups}
    documents, n_documents = queries.list_documents(session, region=name, limit=30)
    children = [r for r in known.values() if r.parent == name]
    return render(
        request,
        "region.html",
        {
            "region": region,
            "groups": groups,
            "counts": counts,
            "n_shown": len(shown),
            "n_all": len(all_targets),
            "periods": periods,
            "period": period or "",
            "indicator": indicator or "",
            "status": status or "",
            "documents": documents,
            "n_documents": n_documents,
            "children": children,
            "params": {"period": period, "indicator": indicator, "status": status},
        },
    )
