"""Review API: record corrections, read corrected statements, the queue, a statement's history.

Corrections need the editor role and (for cookie sessions) the CSRF token; after
each one, tracking runs again so judgements use the corrected statements.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.auth.deps import AUTH_RESPONSES, principal, require
from planwatch.auth.users import Principal
from planwatch.review import service
from planwatch.review.apply import Item
from planwatch.review.queue import fact_queue, queue
from planwatch.review.records import ReviewError
from planwatch.serve.deps import get_session
from planwatch.serve.read.targets import judgements

router = APIRouter(prefix="/review", tags=["review"], responses=AUTH_RESPONSES)
SessionDep = Annotated[Session, Depends(get_session)]
Editor = Annotated[Principal, Depends(require("editor"))]
Reader = Annotated[Principal, Depends(principal)]
KeyParam = Annotated[str, Query(max_length=100)]


class CorrectionIn(BaseModel):
    doc: str = Field(max_length=200, description="document hash or name")
    action: Literal["confirm", "edit", "delete", "add"]
    item: str | None = Field(None, max_length=100, description="statement id (confirm, edit, delete)")
    start: int | None = Field(None, ge=0, description="selected span (add)")
    end: int | None = Field(None, ge=0)
    fields: dict[str, Any] = Field(default_factory=dict)


def item_json(review: service.DocumentReview, item: Item) -> dict[str, Any]:
    """A corrected statement for the API and the page: contract record, id, doubts, correction."""
    rec = item.statement.to_record()
    row = review.corrections.get(item.correction or "")
    rec.update(
        id=item.key,
        doubts=list(item.statement.doubts),
        action=item.action,
        correction=item.correction,
        state=review.outcome.states.get(row.id, row.state) if row else None,
        author=row.author if row else None,
    )
    return rec


def judgement_for(session: Session, doc_sha: str, rec: dict[str, Any]) -> dict[str, Any] | None:
    found, _ = judgements(session, doc=doc_sha, limit=5000)
    for j in found:
        if (j.start, j.end) == (rec["start"], rec["end"]):
            return {"status": j.status, "reason": j.reason, "period": j.period}
    return None


@router.post("/corrections")
def correct(body: CorrectionIn, who: Editor, session: SessionDep) -> dict[str, Any]:
    """Confirm, edit, delete or add a statement; tracking runs again and the new state comes back."""
    from planwatch.service import retrack

    try:
        row = service.record(
            session,
            body.doc,
            body.action,
            who.name,
            item=body.item,
            start=body.start,
            end=body.end,
            fields=body.fields,
        )
    except ReviewError as exc:
        session.rollback()
        raise HTTPException(exc.status, exc.reason) from exc
    except IntegrityError as exc:  # someone corrected the same statement at the same moment
        session.rollback()
        raise HTTPException(409, "the statement was just corrected by someone else: reload") from exc
    assert row is not None
    tracking_error = retrack(session)  # a tracking failure never costs the correction
    session.commit()
    review = service.document_review(session, row.doc_sha)
    assert review is not None
    item = next((i for i in review.items if i.correction == row.id), None)
    statement = item_json(review, item) if item else None
    return {
        "correction": {"id": row.id, "action": row.action, "state": row.state, "author": row.author},
        "statement": statement,
        "judgement": judgement_for(session, row.doc_sha, statement) if statement else None,
        "progress": {"reviewed": review.reviewed, "total": review.total, "complete": review.complete},
        "tracking_error": tracking_error,
    }


@router.get("/documents/{key}")
def document(key: str, _: Reader, session: SessionDep) -> dict[str, Any]:
    """A document's corrected statements, each with its correction (if any), and review progress."""
    review = service.document_review(session, key)
    if review is None:
        raise HTTPException(404, "no such document")
    return {
        "doc": review.name,
        "sha256": review.sha,
        "reviewed": review.reviewed,
        "total": review.total,
        "complete": review.complete,
        "statements": [item_json(review, i) for i in review.items],
    }


@router.get("/queue")
def review_queue(
    _: Reader,
    session: SessionDep,
    doc: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Statements nobody has reviewed, least certain first (with the reasons), progress per document,
    and the facts of documents the engine is unsure of (``facts``: field, value, reason, label)."""
    items, progress = queue(session, doc, limit)
    return {
        "items": [
            {**vars(q), "reasons": list(q.reasons), "labels": list(q.labels), "weight": q.score}
            for q in items
        ],
        "progress": [vars(p) for p in progress],
        "facts": [vars(f) for f in fact_queue(session, doc)],
    }


@router.get("/history")
def statement_history(
    doc: Annotated[str, Query(max_length=200)], item: KeyParam, _: Reader, session: SessionDep
) -> list[dict[str, Any]]:
    """Who changed the statement, when, and what it said before and after."""
    review = service.document_review(session, doc)
    if review is None:
        raise HTTPException(404, "no such document")
    found = next((i for i in review.items if i.key == item), None)
    if found is None:
        raise HTTPException(404, "no such statement")
    return service.history(session, review.sha, service.item_spans(review, found))
