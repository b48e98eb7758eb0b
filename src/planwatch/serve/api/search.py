"""API: search document text (full-text index) and statements by field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session
from planwatch.serve.params import KindParam, Limit, Text, clean
from planwatch.serve.read import queries
from planwatch.serve.read.search import search_documents_partial
from planwatch.serve.schemas import SearchOut

router = APIRouter(tags=["search"])
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/search", response_model=SearchOut, summary="Documents containing a phrase; matching statements")
def search(
    session: SessionDep,
    q: Annotated[str, Query(max_length=200)],
    kind: KindParam | None = None,
    region: Text = None,
    period: Text = None,
    limit: Limit = 20,
) -> SearchOut:
    phrase = clean(q) or ""
    docs, partial = search_documents_partial(session, phrase, limit=limit) if phrase else ([], False)
    found, total = (
        queries.statements(
            session, q=phrase, kind=kind, region=clean(region), period=clean(period), limit=limit
        )
        if phrase
        else ([], 0)
    )
    return SearchOut(
        q=phrase, documents=docs, statements=found, statements_total=total,
        partial=partial,
    )
