"""API: judged targets with their evidence, and regions with their scorecards."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from planwatch.serve.api.paging import cursor_errors, next_link
from planwatch.serve.deps import get_session
from planwatch.serve.params import Paging, TargetFilters
from planwatch.serve.read import queries
from planwatch.serve.schemas import ErrorOut, JudgementPage, RegionOut

router = APIRouter(tags=["targets"])
SessionDep = Annotated[Session, Depends(get_session)]


@router.get(
    "/targets",
    response_model=JudgementPage,
    responses={404: {"model": ErrorOut, "description": "bad cursor (after)"}},
    summary="Targets with their status and evidence",
)
def list_targets(
    request: Request, session: SessionDep, filters: TargetFilters, page: Paging
) -> JudgementPage:
    with cursor_errors():
        items, total = queries.judgements(
            session, **asdict(filters), limit=page.limit + 1, offset=page.offset, after=page.after
        )
    return JudgementPage(
        items=items[:page.limit], total=total, limit=page.limit, offset=0 if page.after else page.offset,
        next=next_link(request, items, page.limit, queries.judgement_cursor),
    )


@router.get(
    "/regions", response_model=list[RegionOut], summary="Regions with documents and targets by status"
)
def list_regions(session: SessionDep) -> list[RegionOut]:
    return queries.regions(session)
