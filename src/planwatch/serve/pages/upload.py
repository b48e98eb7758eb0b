"""Page: add a document through the browser, then see its statements at once."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from planwatch.auth.users import Principal
from planwatch.serve.deps import render
from planwatch.serve.facts import form_values
from planwatch.serve.upload import ALLOWED_SUFFIXES, MAX_BYTES, UploadRejected, store_upload

router = APIRouter(include_in_schema=False)


def _form(
    request: Request, error: str | None = None, status_code: int = 200, facts: dict[str, str] | None = None
) -> Any:
    return render(
        request,
        "upload.html",
        {"error": error, "suffixes": ALLOWED_SUFFIXES, "limit_mb": MAX_BYTES // (1024 * 1024),
         "facts": facts or {}},
        status_code=status_code,
    )


def _actor(request: Request) -> str:
    who: Principal | None = getattr(request.state, "principal", None)
    return who.name if who is not None else "local"


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> Any:
    return _form(request)


@router.post("/upload", response_class=HTMLResponse)
async def upload_post(request: Request) -> Any:
    form = await request.form(max_files=1, max_fields=8, max_part_size=MAX_BYTES + 1024 * 1024)
    file = form.get("file")
    facts = {k: v for k, v in form_values(form).items() if v}
    try:
        result = await store_upload(
            request.app, file if hasattr(file, "read") else None, facts, _actor(request)  # type: ignore[arg-type]
        )
    except UploadRejected as err:
        return _form(request, err.message, err.status, facts)
    return RedirectResponse(f"{result.url}?uploaded=1", status_code=303)
