"""Sign-in pages and user/token API, and :func:`install`: auth middleware + review routers on an app.

``/login`` (form, rate limited per user name and address), ``/logout``; ``/api/me``;
``/api/tokens`` (a signed-in user makes an API token for scripts); ``/api/users``
(admins list, add and remove users).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.auth import users
from planwatch.auth.deps import AUTH_RESPONSES, can_edit, csrf_token, principal, require
from planwatch.auth.ratelimit import LoginLimiter
from planwatch.auth.sessions import SessionCodec, secret_key
from planwatch.auth.users import AuthError, Principal
from planwatch.review.service import audit
from planwatch.serve.deps import get_session, render, templates

router = APIRouter(include_in_schema=False)
api = APIRouter(tags=["users"], responses=AUTH_RESPONSES)
SessionDep = Annotated[Session, Depends(get_session)]
Admin = Annotated[Principal, Depends(require("admin"))]
Me = Annotated[Principal, Depends(principal)]


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
    request.state.new_session = codec.new(user.name, user.epoch)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    who = getattr(request.state, "principal", None)
    if who is not None and who.via == "session":
        row = session.get(users.UserRow, who.name)
        if row is not None:
            row.epoch += 1  # every cookie of this user stops working
            session.commit()
    request.state.new_session = request.app.state.session_codec.new()
    return RedirectResponse("/login", status_code=303)


class MeOut(BaseModel):
    name: str
    role: str
    via: str
    #: The session's CSRF token, to send as ``X-CSRF-Token`` with cookie-authenticated writes.
    csrf: str = ""


@api.get("/me", response_model=MeOut)
def me(request: Request, who: Me) -> MeOut:
    """Who the request is from, their role, and the CSRF token of their session."""
    return MeOut(
        name=who.name, role=who.role, via=who.via, csrf=csrf_token(request) if who.via != "token" else ""
    )


class TokenIn(BaseModel):
    label: str = Field("", max_length=200)


@api.post("/tokens")
def create_token(body: TokenIn, who: Me, session: SessionDep) -> dict[str, str]:
    """A new API token for the signed-in user (shown once; send it as ``Authorization: Bearer``)."""
    if who.via == "local":
        raise HTTPException(400, "API tokens need user accounts (planwatch users add)")
    token = users.create_token(session, who.name, body.label)
    audit(session, who.name, "token.create", {"label": body.label})
    session.commit()
    return {"token": token}


class UserIn(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(min_length=8, max_length=1000)
    role: str = Field("viewer", max_length=10)


@api.get("/users")
def list_users(_: Admin, session: SessionDep) -> list[dict[str, str]]:
    return [{"name": u.name, "role": u.role, "created": u.created} for u in users.list_users(session)]


@api.post("/users", status_code=201)
def add_user(body: UserIn, who: Admin, session: SessionDep) -> dict[str, str]:
    try:
        users.add_user(session, body.name, body.password, body.role)
    except AuthError as exc:
        raise HTTPException(400, str(exc)) from exc
    audit(session, who.name, "user.add", {"name": body.name, "role": body.role})
    session.commit()
    return {"name": body.name, "role": body.role}


@api.delete("/users/{name}")
def remove_user(name: str, who: Admin, session: SessionDep) -> dict[str, str]:
    try:
        users.remove_user(session, name)
    except AuthError as exc:
        raise HTTPException(400, str(exc)) from exc
    audit(session, who.name, "user.remove", {"name": name})
    session.commit()
    return {"removed": name}


def install(app: FastAPI, engine: Engine) -> None:
    """Add the auth middleware, the sign-in, user, review routes and template helpers to ``app``."""
    import os

    from planwatch.auth.middleware import AuthMiddleware
    from planwatch.serve import api_review, pages_review

    idle = int(os.environ.get("PLANWATCH_SESSION_IDLE", 30 * 60))
    absolute = int(os.environ.get("PLANWATCH_SESSION_MAX", 12 * 3600))
    codec = SessionCodec(secret_key(engine), idle=idle, absolute=absolute)
    app.state.session_codec = codec
    app.state.login_limiter = LoginLimiter()
    app.add_middleware(AuthMiddleware, engine=engine, codec=codec)
    app.include_router(api, prefix="/api")
    app.include_router(api_review.router, prefix="/api")
    app.include_router(router)
    app.include_router(pages_review.router)
    templates.env.globals.update(csrf_token=csrf_token, can_edit=can_edit)
