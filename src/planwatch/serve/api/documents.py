"""API: documents, their statements, statements by field, and uploads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from sqlalchemy.orm import Session

from planwatch.serve.api.paging import cursor_errors, next_link
from planwatch.serve.deps import get_session
from planwatch.serve.params import (
    After,
    DocKindParam,
    KindParam,
    Limit,
    Offset,
    Paging,
    StatementFilters,
    Text,
    clean,
)
from planwatch.serve.read import queries
from planwatch.serve.schemas import DocumentDetail, DocumentPage, ErrorOut, StatementPage, UploadOut
from planwatch.serve.upload import UploadRejected, store_upload

router = APIRouter(tags=["documents"])
SessionDep = Annotated[Session, Depends(get_session)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "no such document"}}


NO_PAGE: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "bad cursor (after)"}}


@router.get(
    "/documents", response_model=DocumentPage, responses=NO_PAGE, summary="Documents (current versions)"
)
def list_documents(
    request: Request,
    session: SessionDep,
    region: Text = None,
    kind: DocKindParam | None = None,
    q: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
    include_superseded: bool = False,
    after: After = None,
) -> DocumentPage:
    with cursor_errors():
        items, total = queries.list_documents(
            session,
            region=clean(region),
            kind=kind,
            q=clean(q),
            limit=limit + 1,
            offset=offset,
            include_superseded=include_superseded,
            after=after or None,
        )
    return DocumentPage(
        items=items[:limit], total=total, limit=limit, offset=0 if after else offset,
        next=next_link(request, items, limit, queries.document_cursor),
    )


@router.get(
    "/documents/{key}",
    response_model=DocumentDetail,
    responses=NOT_FOUND,
    summary="One document with its text (by SHA-256, hash prefix or file name)",
)
def get_document(key: str, session: SessionDep) -> DocumentDetail:
    doc = queries.get_document(session, key)
    if doc is None:
        raise HTTPException(404, "document not found")
    return doc


@router.get(
    "/documents/{key}/statements",
    response_model=StatementPage,
    responses=NOT_FOUND,
    summary="The statements of one document, in text order",
)
def document_statements(
    key: str,
    request: Request,
    session: SessionDep,
    kind: KindParam | None = None,
    limit: Limit = 1000,
    offset: Offset = 0,
    after: After = None,
) -> StatementPage:
    row = queries.find_document(session, key)
    if row is None:
        raise HTTPException(404, "document not found")
    with cursor_errors():
        items, total = queries.statements(
            session, doc=row.sha256, kind=kind, limit=limit + 1, offset=offset, after=after or None
        )
    return StatementPage(
        items=items[:limit], total=total, limit=limit, offset=0 if after else offset,
        next=next_link(request, items, limit, queries.statement_cursor),
    )


@router.get(
    "/statements", response_model=StatementPage, responses=NO_PAGE, summary="Statements filtered by field"
)
def list_statements(
    request: Request, session: SessionDep, filters: StatementFilters, page: Paging
) -> StatementPage:
    with cursor_errors():
        items, total = queries.statements(
            session, **asdict(filters), limit=page.limit + 1, offset=page.offset, after=page.after
        )
    return StatementPage(
        items=items[:page.limit], total=total, limit=page.limit, offset=0 if page.after else page.offset,
        next=next_link(request, items, page.limit, queries.statement_cursor),
    )


@router.post(
    "/documents",
    response_model=UploadOut,
    status_code=201,
    responses={
        400: {"model": ErrorOut},
        413: {"model": ErrorOut},
        415: {"model": ErrorOut},
        422: {"model": ErrorOut},
        503: {"model": ErrorOut},
    },
    summary="Add a document (.txt .html .htm .pdf .docx, at most 20 MB)",
)
async def upload_document(
    request: Request,
    file: UploadFile,
    region: Annotated[str | None, Form(max_length=100, description="the region (full name)")] = None,
    year: Annotated[str | None, Form(max_length=20, description="the year the report plans for")] = None,
    kind: Annotated[str | None, Form(max_length=40, description="work_report, plan_report, ...")] = None,
) -> UploadOut:
    who = getattr(request.state, "principal", None)
    facts = {"region": region, "year": year, "kind": kind}
    try:
        result = await store_upload(request.app, file, facts, who.name if who is not None else "local")
    except UploadRejected as err:
        raise HTTPException(err.status, err.message) from err
    return result
