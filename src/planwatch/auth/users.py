"""Users, roles and API tokens in the store; the rule that a public server needs an admin.

An account is known by its ``uid`` (random, never reused), not its name: sessions and tokens name
the uid, and a session also carries the account's ``epoch``, bumped on sign-out, password and role
change. A new account starts its epoch at a random value, so no (account, epoch) pair comes back.
API tokens expire (``DEFAULT_TOKEN_DAYS``) and are deleted with their user, on password and role
change, and by :func:`revoke_token`; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from planwatch.auth.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from planwatch.auth.schema import ROLES, ApiTokenRow, UserRow
from planwatch.errors import PlanWatchError
from planwatch.review.records import now
from planwatch.review.service import has_table
from planwatch.store.db import transaction

NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
RANK = {r: i for i, r in enumerate(ROLES)}
TOKEN_PREFIX = "pw_"
DEFAULT_TOKEN_DAYS = 90
#: ``last_used`` is written at most this often per token (seconds), so reads do not all become writes.
LAST_USED_EVERY = 60


class AuthError(PlanWatchError):
    """A user operation that cannot be done (bad name, weak password, unknown user...)."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user name, its role, and how they proved it (session, token, local)."""

    name: str
    role: str
    via: str
    epoch: int = 0
    uid: str = ""

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


LOCAL = Principal("local", "editor", "local")


def _check(name: str, role: str | None = None, password: str | None = None) -> None:
    if not NAME.match(name):
        raise AuthError("user names are 1-64 letters, digits or _ . @ -")
    if role is not None and role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_LENGTH:
        raise AuthError(f"passwords have at least {MIN_LENGTH} characters")


def has_user_tables(session: Session) -> bool:
    return has_table(session, "users")


def any_users(session: Session) -> bool:
    if not has_user_tables(session):
        return False
    return bool(session.scalar(select(func.count()).select_from(UserRow)))


def has_admin(session: Session) -> bool:
    if not has_user_tables(session):
        return False
    return bool(session.scalar(select(func.count()).select_from(UserRow).where(UserRow.role == "admin")))


def add_user(session: Session, name: str, password: str, role: str) -> UserRow:
    _check(name, role, password)
    if session.get(UserRow, name) is not None:
        raise AuthError(f"user {name} exists already")
    row = UserRow(name=name, uid=secrets.token_hex(16), password_hash=hash_password(password), role=role,
                  epoch=secrets.randbelow(2**30), created=now())
    session.add(row)
    session.flush()
    return row


def _user(session: Session, name: str) -> UserRow:
    row = session.get(UserRow, name)
    if row is None:
        raise AuthError(f"no user {name}")
    return row


def set_role(session: Session, name: str, role: str) -> None:
    _check(name, role)
    row = _user(session, name)
    if row.role == "admin" and role != "admin" and _admins(session) == 1:
        raise AuthError("the last admin keeps the admin role")
    if row.role == role:
        return
    row.role = role
    row.epoch += 1  # sessions pick up the new role by signing in again
    _drop_tokens(session, row)


def set_password(session: Session, name: str, password: str) -> None:
    _check(name, password=password)
    row = _user(session, name)
    row.password_hash = hash_password(password)
    row.epoch += 1
    _drop_tokens(session, row)


def end_sessions(session: Session, name: str) -> None:
    """Every session of ``name`` stops working (sign-out)."""
    _user(session, name).epoch += 1


def _drop_tokens(session: Session, row: UserRow) -> None:
    for tok in session.scalars(select(ApiTokenRow).where(ApiTokenRow.user == row.name)):
        session.delete(tok)
    session.flush()


def _admins(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(UserRow).where(UserRow.role == "admin")) or 0)


def remove_user(session: Session, name: str) -> None:
    row = _user(session, name)
    if row.role == "admin" and _admins(session) == 1 and any_others(session, name):
        raise AuthError("the last admin cannot be removed while other users exist")
    _drop_tokens(session, row)
    session.delete(row)
    session.flush()


def any_others(session: Session, name: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(UserRow).where(UserRow.name != name)))


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))


def authenticate(session: Session, name: str, password: str) -> UserRow | None:
    """The user if ``password`` is theirs (rehashing an outdated hash), else None."""
    row = session.get(UserRow, name) if NAME.match(name or "") else None
    if not verify_password(row.password_hash if row else None, password):
        return None
    assert row is not None
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return row


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _at(iso: str) -> datetime:
    when = datetime.fromisoformat(iso)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def create_token(session: Session, name: str, label: str = "", days: int = DEFAULT_TOKEN_DAYS) -> str:
    """A new API token for ``name``, valid ``days`` days: returned once, stored only as its SHA-256."""
    if days < 1:
        raise AuthError("a token lasts at least one day")
    user = _user(session, name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(UTC)
    session.add(ApiTokenRow(id=secrets.token_hex(8), user=name, user_uid=user.uid, label=label[:200],
                            token_hash=_digest(token), created=_iso(created),
                            expires=_iso(created + timedelta(days=days))))
    session.flush()
    return token


def list_tokens(session: Session, name: str) -> list[ApiTokenRow]:
    """The API tokens of ``name`` (id, label, created, expires, last used — the secret is not stored)."""
    _user(session, name)
    return list(session.scalars(select(ApiTokenRow).where(ApiTokenRow.user == name)
                                .order_by(ApiTokenRow.created, ApiTokenRow.id)))


def token_owner(session: Session, token_id: str) -> str | None:
    row = session.get(ApiTokenRow, token_id)
    return row.user if row is not None else None


def revoke_token(session: Session, token_id: str) -> bool:
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def resolve_token(session: Session, token: str) -> Principal | None:
    """The principal of a valid token; None for an unknown, expired or orphaned one."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _digest(token)))
    if row is None:
        return None
    user = session.get(UserRow, row.user)
    current = datetime.now(UTC)
    if user is None or user.uid != row.user_uid or _at(row.expires) <= current:
        return None
    if row.last_used is None or (current - _at(row.last_used)).total_seconds() > LAST_USED_EVERY:
        row.last_used = _iso(current)
    return Principal(user.name, user.role, "token", user.epoch, user.uid)


def session_user(session: Session, uid: str, epoch: int) -> Principal | None:
    """The principal of a session cookie naming account ``uid`` at ``epoch``; None if void."""
    row = session.scalar(select(UserRow).where(UserRow.uid == uid))
    if row is None or row.epoch != epoch:
        return None
    return Principal(row.name, row.role, "session", row.epoch, row.uid)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name to bind) only accepts connections from this machine."""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_admin_to_serve(engine: Engine, host: str) -> None:
    """Refuse to serve on a non-loopback address while the store has no admin account."""
    if is_loopback(host):
        return
    with transaction(engine) as s:
        if has_admin(s):
            return
    raise PlanWatchError(
        f"refusing to listen on {host}: no admin account. Create one with "
        "`planwatch users add NAME --role admin`, or serve on 127.0.0.1.")
