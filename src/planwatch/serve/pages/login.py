"""The sign-in pages: ``/login`` (form, rate limited per user name and address) and ``/logout``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.auth import users
from planwatch.auth.ratelimit import LoginLimiter
from planwatch.auth.sessions import SessionCodec
from planwatch.serve.deps import get_session, render

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: ``/x`` but not ``//evil`` or ``https://evil``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Any:
    return render(request, "review/login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Any:
    limiter: LoginLimiter = request.app.state.login_limiter
    address = request.client.host if request.client else ""
    wait = limiter.retry_after(name, address)
    if wait:
        page = render(
            request, "review/login.html", {"next": _safe_next(next), "error": "too_many"}, status_code=429
        )
        page.headers["Retry-After"] = str(wait)
        return page
    user = users.authenticate(session, name, password)
    if user is None:
        limiter.failed(name, address)
        return render(
            request, "review/login.html", {"next": _safe_next(next), "error": "bad"}, status_code=401
        )
    limiter.succeeded(name, address)
    session.commit()
    codec: SessionCodec = request.app.state.session_codec
    request.state.new_session = codec.new(user.uid, user.epoch)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    who = getattr(request.state, "principal", None)
    if who is not None and who.via == "session":
        row = session.get(users.UserRow, who.name)
        if row is not None and row.uid == who.uid:
            users.end_sessions(session, row.name)  # every cookie of this user stops working
            session.commit()
    request.state.new_session = request.app.state.session_codec.new()
    return RedirectResponse("/login", status_code=303)
