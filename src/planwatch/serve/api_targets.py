"""API: judged targets with their evidence, and regions with their scorecards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from planwatch.serve import queries
from planwatch.serve.deps import get_session
from planwatch.serve.params import Limit, Offset, StatusParam, Text, clean
from planwatch.serve.schemas import JudgementPage, RegionOut

router = APIRouter(tags=["targets"])
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/targets", response_model=JudgementPage, summary="Targets with their status and evidence")
def list_targets(
    session: SessionDep,
    region: Text = None,
    period: Text = None,
    status: StatusParam | None = None,
    canonical: Text = None,
    indicator: Text = None,
    doc: Text = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JudgementPage:
    items, total = queries.judgements(
        session,
        region=clean(region),
        period=clean(period),
        status=status,
        canonical=clean(canonical),
        indicator=clean(indicator),
        doc=clean(doc),
        limit=limit,
        offset=offset,
    )
    return JudgementPage(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/regions", response_model=list[RegionOut], summary="Regions with documents and targets by status"
)
def list_regions(session: SessionDep) -> list[RegionOut]:
    return queries.regions(session)
