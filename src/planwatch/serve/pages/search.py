"""Page: search across all document text (full-text index) and across statements by field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session, render
from planwatch.serve.params import KindParam, Text, clean
from planwatch.serve.read import queries, quotes
from planwatch.serve.read.search import search_documents
from planwatch.serve.schemas import StatementOut

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
LIMIT = 50


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    q: Text = None,
    kind: KindParam | None = None,
    region: Text = None,
    period: Text = None,
) -> Any:
    phrase, region, period = clean(q) or "", clean(region), clean(period)
    hits = search_documents(session, phrase, limit=LIMIT) if phrase else []
    found: list[StatementOut] = []
    total = 0
    if phrase or kind or region or period:
        found, total = queries.statements(
            session, q=phrase or None, kind=kind, region=region, period=period, limit=LIMIT
        )
    return render(
        request,
        "search.html",
        {
            "q": phrase,
            "kind": kind or "",
            "region": region or "",
            "period": period or "",
            "hits": hits,
            "statements": found,
            "titles": quotes.titles_of(session, {st.doc_sha for st in found}),
            "total": total,
            "regions": queries.region_names(session),
            "params": {"q": phrase, "kind": kind, "region": region, "period": period},
        },
    )
