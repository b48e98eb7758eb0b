"""Sign-in pages and user/token API, and :func:`install`: the auth middleware and template helpers on an app.

``/login`` (form, rate limited per user name and address), ``/logout``; ``/api/me``;
``/api/tokens`` (a signed-in user makes, lists and revokes their API tokens for scripts);
``/api/users`` (admins list, add and remove users).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.auth import users
from planwatch.auth.deps import AUTH_RESPONSES, can_edit, csrf_token, principal, require
from planwatch.auth.ratelimit import LoginLimiter
from planwatch.auth.sessions import SessionCodec, secret_key
from planwatch.auth.settings import SecuritySettings
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
    #: Days the token lasts (default: ``$PLANWATCH_TOKEN_DAYS``, 90).
    days: int | None = Field(None, ge=1, le=3650)


class TokenOut(BaseModel):
    id: str
    label: str
    created: str
    expires: str
    last_used: str | None


@api.post("/tokens")
def create_token(request: Request, body: TokenIn, who: Me, session: SessionDep) -> dict[str, str]:
    """A new API token for the signed-in user (shown once; send it as ``Authorization: Bearer``)."""
    if who.via == "local":
        raise HTTPException(400, "API tokens need user accounts (planwatch users add)")
    settings: SecuritySettings = request.app.state.security
    token = users.create_token(session, who.name, body.label, body.days or settings.token_days)
    audit(session, who.name, "token.create", {"label": body.label})
    session.commit()
    return {"token": token}


@api.get("/tokens", response_model=list[TokenOut])
def list_tokens(who: Me, session: SessionDep) -> list[TokenOut]:
    """The signed-in user's API tokens (never their secrets)."""
    if who.via == "local":
        return []
    return [TokenOut(id=t.id, label=t.label, created=t.created, expires=t.expires, last_used=t.last_used)
            for t in users.list_tokens(session, who.name)]


@api.delete("/tokens/{token_id}")
def revoke_token(token_id: Annotated[str, Path(max_length=32)], who: Me,
                 session: SessionDep) -> dict[str, str]:
    """Revoke an API token of one's own (admins: anyone's)."""
    owner = users.token_owner(session, token_id)
    if owner is None or (owner != who.name and not who.can("admin")) or who.via == "local":
        raise HTTPException(404, "no such token")
    users.revoke_token(session, token_id)
    audit(session, who.name, "token.revoke", {"id": token_id, "user": owner})
    session.commit()
    return {"revoked": token_id}


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
def remove_user(name: Annotated[str, Path(max_length=100)], who: Admin,
                session: SessionDep) -> dict[str, str]:
    """Remove a user: their sessions and API tokens end with them (404: no such user; 409: the last admin)."""
    if session.get(users.UserRow, name) is None:
        raise HTTPException(404, f"no user {name}")
    try:
        users.remove_user(session, name)
    except AuthError as exc:
        raise HTTPException(409, str(exc)) from exc
    audit(session, who.name, "user.remove", {"name": name})
    session.commit()
    return {"removed": name}


def install(app: FastAPI, engine: Engine) -> None:
    """Add the security middlewares and template helpers to ``app`` (the app mounts the routers)."""
    from planwatch.serve import security

    settings = SecuritySettings.from_env()
    codec = SessionCodec(secret_key(engine), idle=settings.session_idle, absolute=settings.session_max)
    app.state.security = settings
    app.state.session_codec = codec
    app.state.login_limiter = LoginLimiter(settings.login_failures, settings.login_address_failures,
                                           settings.login_window)
    security.install(app, engine, codec, settings)
    templates.env.globals.update(csrf_token=csrf_token, can_edit=can_edit)
