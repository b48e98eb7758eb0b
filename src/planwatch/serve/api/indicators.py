"""API: indicators and their series across years and regions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from planwatch.serve.deps import get_session
from planwatch.serve.params import Text, clean
from planwatch.serve.read import queries
from planwatch.serve.schemas import ErrorOut, IndicatorOut, SeriesOut

router = APIRouter(tags=["indicators"])
SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/indicators", response_model=list[IndicatorOut], summary="Canonical indicators and counts")
def list_indicators(session: SessionDep) -> list[IndicatorOut]:
    return queries.indicators(session)


@router.get(
    "/indicators/{key}/series",
    response_model=SeriesOut,
    responses={404: {"model": ErrorOut, "description": "no such indicator"}},
    summary="Targets, estimates and actuals of one indicator (canonical id or name)",
)
def indicator_series(key: str, session: SessionDep, region: Text = None) -> SeriesOut:
    found = queries.series(session, key, region=clean(region))
    if found is None:
        raise HTTPException(404, "indicator not found")
    return found
