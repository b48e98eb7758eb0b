"""The user and token API: ``/api/me``; ``/api/tokens`` (a signed-in user makes, lists and revokes
their API tokens for scripts); ``/api/users`` (admins list, add and remove users)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from planwatch.auth import users
from planwatch.auth.deps import AUTH_RESPONSES, csrf_token, principal, require
from planwatch.auth.settings import SecuritySettings
from planwatch.auth.users import AuthError, Principal
from planwatch.review.service import audit
from planwatch.serve.deps import get_session

router = APIRouter(tags=["users"], responses=AUTH_RESPONSES)
SessionDep = Annotated[Session, Depends(get_session)]
Admin = Annotated[Principal, Depends(require("admin"))]
Me = Annotated[Principal, Depends(principal)]


class MeOut(BaseModel):
    name: str
    role: str
    via: str
    #: The session's CSRF token, to send as ``X-CSRF-Token`` with cookie-authenticated writes.
    csrf: str = ""


@router.get("/me", response_model=MeOut)
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


@router.post("/tokens")
def create_token(request: Request, body: TokenIn, who: Me, session: SessionDep) -> dict[str, str]:
    """A new API token for the signed-in user (shown once; send it as ``Authorization: Bearer``)."""
    if who.via == "local":
        raise HTTPException(400, "API tokens need user accounts (planwatch users add)")
    settings: SecuritySettings = request.app.state.security
    token = users.create_token(session, who.name, body.label, body.days or settings.token_days)
    audit(session, who.name, "token.create", {"label": body.label})
    session.commit()
    return {"token": token}


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(who: Me, session: SessionDep) -> list[TokenOut]:
    """The signed-in user's API tokens (never their secrets)."""
    if who.via == "local":
        return []
    return [TokenOut(id=t.id, label=t.label, created=t.created, expires=t.expires, last_used=t.last_used)
            for t in users.list_tokens(session, who.name)]


@router.delete("/tokens/{token_id}")
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


@router.get("/users")
def list_users(_: Admin, session: SessionDep) -> list[dict[str, str]]:
    return [{"name": u.name, "role": u.role, "created": u.created} for u in users.list_users(session)]


@router.post("/users", status_code=201)
def add_user(body: UserIn, who: Admin, session: SessionDep) -> dict[str, str]:
    try:
        users.add_user(session, body.name, body.password, body.role)
    except AuthError as exc:
        raise HTTPException(400, str(exc)) from exc
    audit(session, who.name, "user.add", {"name": body.name, "role": body.role})
    session.commit()
    return {"name": body.name, "role": body.role}


@router.delete("/users/{name}")
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
