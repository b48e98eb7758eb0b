"""Page: the overview — regions, documents and targets by status at a glance."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.labels import STATUS_ORDER
from planwatch.serve.read import charts, queries

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep) -> Any:
    regions = [r for r in queries.regions(session) if r.documents or r.targets]
    totals = {s: 0 for s in STATUS_ORDER}
    for r in regions:
        for status, n in r.targets.items():
            totals[status] = totals.get(status, 0) + n
    unassigned = queries.status_counts(session).get("", {})
    for status, n in unassigned.items():
        totals[status] = totals.get(status, 0) + n
    documents, n_documents = queries.list_documents(session, limit=12)
    chart = charts.status_chart({r.name: r.targets for r in regions})
    return render(
        request,
        "overview.html",
        {
            "regions": regions,
            "totals": totals,
            "n_targets": sum(totals.values()),
            "documents": documents,
            "n_documents": n_documents,
            "chart": chart,
        },
    )
