"""API: judged targets with their evidence, and regions with their scorecards."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session
from planwatch.serve.params import Paging, TargetFilters
from planwatch.serve.read import queries
from planwatch.serve.schemas import JudgementPage, RegionOut

router = APIRouter(tags=["targets"])
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/targets", response_model=JudgementPage, summary="Targets with their status and evidence")
def list_targets(session: SessionDep, filters: TargetFilters, page: Paging) -> JudgementPage:
    items, total = queries.judgements(session, **asdict(filters), **asdict(page))
    return JudgementPage(items=items, total=total, **asdict(page))


@router.get(
    "/regions", response_model=list[RegionOut], summary="Regions with documents and targets by status"
)
def list_regions(session: SessionDep) -> list[RegionOut]:
    return queries.regions(session)
