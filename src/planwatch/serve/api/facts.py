"""API: give or correct a document's facts (region, year, kind).

Same rules as statement corrections: the editor (or admin) role, and the CSRF token for cookie
sessions (``X-CSRF-Token``; the middleware guards every path ending in ``/facts``). The edit is
audited, the document's statements are extracted again with the facts given, and tracking runs again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from planwatch.auth.deps import AUTH_RESPONSES, require
from planwatch.auth.users import Principal
from planwatch.review.facts import FactError
from planwatch.serve.deps import get_session
from planwatch.serve.facts import apply_edit, error_message
from planwatch.serve.read import queries
from planwatch.serve.schemas import DocumentOut

router = APIRouter(tags=["documents"], responses=AUTH_RESPONSES)
SessionDep = Annotated[Session, Depends(get_session)]
Editor = Annotated[Principal, Depends(require("editor"))]


class FactsIn(BaseModel):
    """The facts to give. A field left out is unchanged; ``null`` or ``""`` stops giving it (the
    engine's reading comes back)."""

    model_config = ConfigDict(extra="forbid")

    region: str | None = Field(None, max_length=100, description="full name, e.g. 北京市东城区")
    year: int | str | None = Field(None, description="the year the report plans for (1949-2100)")
    kind: str | None = Field(None, max_length=40, description="work_report, plan_report, ...")


class FactsOut(BaseModel):
    document: DocumentOut
    changed: bool
    before: dict[str, Any]
    after: dict[str, Any]
    statements: int = Field(description="statements of the document after re-extraction (-1: unchanged)")


def _edit(key: str, body: FactsIn, who: Principal, session: Session) -> FactsOut:
    values = body.model_dump(exclude_unset=True)
    try:
        edit = apply_edit(session, key, who.name, values)
    except FactError as exc:
        raise HTTPException(exc.status, error_message(exc)) from exc
    doc = queries.get_document(session, edit.sha)
    assert doc is not None
    return FactsOut(
        document=DocumentOut(**doc.model_dump(exclude={"text"})),
        changed=edit.changed, before=edit.before, after=edit.after, statements=edit.statements,
    )


EXAMPLE = {"region": "北京市东城区", "year": 2024, "kind": "work_report"}
FactsBody = Annotated[FactsIn, Body(examples=[EXAMPLE])]


@router.post("/documents/{key}/facts", response_model=FactsOut, summary="Give or correct a document's facts")
def give_facts(key: str, body: FactsBody, who: Editor, session: SessionDep) -> FactsOut:
    return _edit(key, body, who, session)


@router.patch("/documents/{key}/facts", response_model=FactsOut, summary="Give or correct a document's facts")
def patch_facts(key: str, body: FactsBody, who: Editor, session: SessionDep) -> FactsOut:
    return _edit(key, body, who, session)
