"""Page: one document — its full text with every statement highlighted at its span.

A side panel shows the fields of the chosen statement and, for a target, its
judgement and evidence, each linking to the evidence sentence in its document
(``?focus=<statement id>`` marks that sentence and scrolls to it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from planwatch.review.doubts import label as doubt_label
from planwatch.review.facts import fact_history
from planwatch.review.service import has_review_tables
from planwatch.serve.deps import get_session, render
from planwatch.serve.facts import fact_rows
from planwatch.serve.highlight import pieces, to_html
from planwatch.serve.labels import fact_message, label, labels
from planwatch.serve.params import Text, clean
from planwatch.serve.read import queries
from planwatch.serve.schemas import JudgementOut, StatementOut

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
MAX_STATEMENTS = 5000


def _panel_record(st: StatementOut, judgement: JudgementOut | None) -> dict[str, Any]:
    rec: dict[str, Any] = st.model_dump(exclude={"doubts"})
    rec["doubts"] = [doubt_label(d) for d in st.doubts]  # why the engine is unsure, in Chinese
    if judgement is not None:
        rec["judgement"] = judgement.model_dump()
    return rec


@router.get("/documents/{key}", response_class=HTMLResponse)
def document_page(request: Request, key: str, session: SessionDep, focus: Text = None) -> Any:
    return page(request, key, session, focus)


def page(request: Request, key: str, session: Session, focus: str | None = None, *,
         facts_error: str | None = None, status_code: int = 200) -> Any:
    """The document page (``facts_error``: why an edit of its facts was refused)."""
    doc = queries.get_document(session, key)
    if doc is None:
        raise HTTPException(404, fact_message("no_document"))
    items, total = queries.statements(session, doc=doc.sha256, limit=MAX_STATEMENTS)
    targets, _ = queries.judgements(session, doc=doc.sha256, limit=MAX_STATEMENTS)
    by_statement = {j.statement_id: j for j in targets if j.statement_id}
    by_span = {(j.start, j.end): j for j in targets}
    judged = {
        st.id: by_statement.get(st.id) or (by_span.get((st.start, st.end)) if st.kind == "target" else None)
        for st in items
    }
    focus = clean(focus)
    focused = next((st for st in items if st.id == focus), None)
    span = None
    if focused is not None:
        start = focused.sentence_start if focused.sentence_start is not None else focused.start
        end = focused.sentence_end if focused.sentence_end is not None else focused.end
        span = (min(start, focused.start), max(end, focused.end))
    kinds = {k: sum(1 for st in items if st.kind == k) for k in ("target", "actual", "estimate")}
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "marked": to_html(
                pieces(doc.text, items, span),
                current=focused.id if focused else None,
                status_of={sid: j.status for sid, j in judged.items() if j is not None},
                title_of=lambda st: f"{st.indicator} · {label('kind', st.kind)} · {st.period}",
            ),
            "statements": items,
            "total": total,
            "judged": judged,
            "focused": focused,
            "focused_judgement": judged.get(focused.id) if focused else None,
            "kinds": kinds,
            "doubt_label": doubt_label,
            "kind_labels": labels()["kind"],
            "status_labels": labels()["status"],
            "panel": {st.id: _panel_record(st, judged.get(st.id)) for st in items},
            "facts": fact_rows(doc),
            "fact_history": fact_history(session, doc.sha256) if has_review_tables(session) else [],
            "facts_error": facts_error,
        },
        status_code=status_code,
    )
