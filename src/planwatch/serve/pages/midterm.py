"""Page: the mid-term view of a region's multi-year plan — each target's progress against the time gone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.labels import label
from planwatch.serve.params import Text, clean
from planwatch.serve.read import midterm, queries

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]


@router.get("/regions/{name}/midterm", response_class=HTMLResponse)
def midterm_page(
    request: Request, name: str, session: SessionDep, plan: Text = None, year: Year = None
) -> Any:
    if name not in {r.name for r in queries.regions(session)}:
        raise HTTPException(404, label("not_found", "region"))
    plans = midterm.plans(session, name)
    plan = clean(plan)
    chosen = next((p for p in plans if p.sha == plan or p.doc == plan), plans[0] if plans else None)
    view = midterm.midterm(session, name, chosen, year) if chosen is not None else None
    return render(
        request,
        "midterm.html",
        {
            "region": name,
            "plans": plans,
            "chosen": chosen,
            "view": view,
            "chart": midterm.chart(view) if view is not None else None,
        },
    )
