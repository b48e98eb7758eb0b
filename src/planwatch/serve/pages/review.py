"""Pages: the review queue (``/review``) and the review view of one document (``/review/documents/{key}``).

The document view shows the corrected statements marked in the text; choosing one
(``?item=<id>``) opens its fields, judgement and history in the side panel, with
edit controls for editors (confirm ``c``, next ``n``, delete ``d``, edit ``e``;
selecting characters of the text offers to add a missed statement).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.auth.deps import principal
from planwatch.auth.users import Principal
from planwatch.review import service
from planwatch.review.apply import Item
from planwatch.review.doubts import label, weight
from planwatch.review.queue import fact_queue, queue, reasons
from planwatch.review.records import CHOICES
from planwatch.serve.api.review import item_json, judgement_for
from planwatch.serve.deps import get_session, render
from planwatch.serve.labels import label as ui_label

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
Reader = Annotated[Principal, Depends(principal)]


@dataclass(frozen=True)
class Piece:
    start: int
    text: str
    item: Item | None = None


def pieces(text: str, items: list[Item]) -> list[Piece]:
    """``text`` cut at the (non-overlapping) spans of ``items``; every piece knows its offset."""
    out: list[Piece] = []
    at = 0
    for it in sorted(items, key=lambda i: (i.statement.start, -i.statement.end)):
        a, b = it.statement.start, it.statement.end
        if a < at or b > len(text):
            continue
        if a > at:
            out.append(Piece(at, text[at:a]))
        out.append(Piece(a, text[a:b], it))
        at = b
    if at < len(text):
        out.append(Piece(at, text[at:]))
    return out


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request, _: Reader, session: SessionDep, doc: Annotated[str | None, Query(max_length=200)] = None
) -> Any:
    items, progress = queue(session, doc or None, limit=300)
    facts = fact_queue(session, doc or None)
    return render(
        request, "review/queue.html", {"items": items, "progress": progress, "facts": facts, "nav": "review"}
    )


@router.get("/review/documents/{key}", response_class=HTMLResponse)
def review_document(
    request: Request,
    key: str,
    _: Reader,
    session: SessionDep,
    item: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    review = service.document_review(session, key)
    if review is None:
        raise HTTPException(404, ui_label("not_found", "document"))
    if item and item in review.outcome.consumed:  # a machine statement someone corrected since
        item = "c-" + review.outcome.consumed[item]
    focused = next((i for i in review.items if i.key == item), None)
    record = item_json(review, focused) if focused else None
    unreviewed = [
        i.key
        for i in sorted(
            (i for i in review.items if i.correction is None),
            key=lambda i: (-weight(reasons(i.statement)), i.statement.start),
        )
    ]
    return render(
        request,
        "review/document.html",
        {
            "review": review,
            "pieces": pieces(review.text, review.items),
            "focused": focused,
            "record": record,
            "doubt_labels": [label(r) for r in reasons(focused.statement)] if focused else [],
            "judgement": judgement_for(session, review.sha, record) if record else None,
            "history": service.history(session, review.sha, service.item_spans(review, focused))
            if focused
            else [],
            "choices": CHOICES,
            "facts": fact_queue(session, review.sha),
            "next_item": next((k for k in unreviewed if k != item), None),
            "nav": "review",
        },
    )
