"""Page form: an editor gives or corrects a document's region, year and kind.

The form on the document page posts here (with the CSRF token); on success the browser goes back to
the document, whose statements were extracted again with the facts given; a refused value shows the
document page again with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from planwatch.auth.deps import require
from planwatch.auth.users import Principal
from planwatch.review.facts import FactError
from planwatch.serve.deps import get_session
from planwatch.serve.facts import apply_edit, error_message, form_values
from planwatch.serve.pages import document as pages_document

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
Editor = Annotated[Principal, Depends(require("editor"))]


@router.post("/documents/{key}/facts")
async def facts_post(request: Request, key: str, who: Editor, session: SessionDep) -> Any:
    form = await request.form(max_files=0, max_fields=8)
    try:  # reading the document again takes a while: off the event loop
        edit = await run_in_threadpool(apply_edit, session, key, who.name, form_values(form))
    except FactError as exc:
        if exc.code == "no_document":
            raise HTTPException(404, error_message(exc)) from exc
        return pages_document.page(request, key, session, facts_error=error_message(exc),
                                   status_code=exc.status)
    state = "saved" if edit.changed else "unchanged"
    return RedirectResponse(f"/documents/{edit.sha}?facts={state}#doc-facts", status_code=303)
