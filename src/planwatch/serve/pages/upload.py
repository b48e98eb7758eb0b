"""Page: add documents through the browser — one file, several, or a .zip — then see them judged.

With JavaScript (``static/upload.js``) the page reads each file's facts first
(``POST /api/uploads/preview``) and shows them pre-filled and editable, one row per file; submitting
starts a background job (``POST /api/uploads``) whose progress bar polls ``GET /api/jobs/{id}``, and
the page links to each region judged again at the end. Without JavaScript the form still works:
one file is stored at once and its document shown (the facts given in the form); several files or
a .zip start the same job, shown on ``/upload?job=…``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from planwatch.auth.users import Principal
from planwatch.serve.batch import MAX_MEMBERS, batch_message, expand, is_zip
from planwatch.serve.deps import render
from planwatch.serve.facts import form_values
from planwatch.serve.jobs import Busy, runner
from planwatch.serve.upload import ALLOWED_SUFFIXES, MAX_BYTES, UploadRejected, store_upload

router = APIRouter(include_in_schema=False)


def _form(
    request: Request, error: str | None = None, status_code: int = 200, facts: dict[str, str] | None = None,
    job: str | None = None,
) -> Any:
    return render(
        request,
        "upload.html",
        {"error": error, "suffixes": ALLOWED_SUFFIXES, "limit_mb": MAX_BYTES // (1024 * 1024),
         "facts": facts or {}, "job": job, "max_files": MAX_MEMBERS},
        status_code=status_code,
    )


def _actor(request: Request) -> str:
    who: Principal | None = getattr(request.state, "principal", None)
    return who.name if who is not None else "local"


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, job: str | None = None) -> Any:
    known = job if job and runner(request.app).get(job) is not None else None
    return _form(request, job=known)


@router.post("/upload", response_class=HTMLResponse)
async def upload_post(request: Request) -> Any:
    form = await request.form(max_files=MAX_MEMBERS, max_fields=8, max_part_size=MAX_BYTES + 1024 * 1024)
    files = [f for f in form.getlist("file") if hasattr(f, "read") and getattr(f, "filename", None)]
    facts = {k: v for k, v in form_values(form).items() if v}
    if len(files) > 1 or (files and is_zip(files[0].filename)):  # type: ignore[union-attr]
        sent = [(f.filename, await f.read(MAX_BYTES + 1)) for f in files]  # type: ignore[union-attr]
        found = await run_in_threadpool(expand, sent)
        try:
            job = runner(request.app).submit(found.files, found.refused, {}, _actor(request))
        except Busy:
            return _form(request, batch_message("busy"), 503, facts)
        return RedirectResponse(f"/upload?job={job}", status_code=303)
    try:
        result = await store_upload(
            request.app, files[0] if files else None, facts, _actor(request)  # type: ignore[arg-type]
        )
    except UploadRejected as err:
        return _form(request, err.message, err.status, facts)
    return RedirectResponse(f"{result.url}?uploaded=1", status_code=303)
