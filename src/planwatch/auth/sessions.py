"""Signed session cookies (itsdangerous) with idle and absolute expiry, and their CSRF tokens.

The cookie holds the account's ``uid`` (never its name: a removed user's cookie
must not work for a new account of the same name; none for an anonymous visitor),
the account's session epoch (bumped on sign-out, password or role change), a random
CSRF nonce and the time it was issued; it is signed with a key kept in the store (or
``$PLANWATCH_SECRET_KEY``), HttpOnly, SameSite=Lax, and Secure over https.
A cookie unused for ``idle`` seconds, or older than ``absolute`` seconds, is void.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from planwatch.auth.schema import SettingRow
from planwatch.settings import settings
from planwatch.store.db import transaction

COOKIE = "pw_session"
SECRET_KEY = "session_secret"


def secret_key(engine: Engine) -> str:
    """``$PLANWATCH_SECRET_KEY``, else the key stored in the store (created on first use)."""
    env = settings().secret_key
    if env:
        return env
    with transaction(engine) as s:
        row = s.get(SettingRow, SECRET_KEY)
        if row is not None:
            return row.value
    try:
        with transaction(engine) as s:
            s.add(SettingRow(key=SECRET_KEY, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process created it first
    with transaction(engine) as s:
        row = s.get(SettingRow, SECRET_KEY)
        assert row is not None
        return row.value


@dataclass(frozen=True)
class SessionData:
    #: The ``users.uid`` of the signed-in account, or None.
    user: str | None
    epoch: int
    csrf: str
    issued: float
    signed_at: float

    def check_csrf(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf, str(token))


class SessionCodec:
    """Encodes and decodes session cookies with one key and one expiry policy."""

    def __init__(self, key: str, idle: int = 30 * 60, absolute: int = 12 * 3600) -> None:
        self._s = URLSafeTimedSerializer(key, salt="planwatch-session")
        self.idle = idle
        self.absolute = absolute

    def new(self, uid: str | None = None, epoch: int = 0) -> SessionData:
        now = time.time()
        return SessionData(uid, epoch, secrets.token_urlsafe(24), now, now)

    def dumps(self, data: SessionData) -> str:
        return str(self._s.dumps({"id": data.user, "e": data.epoch, "c": data.csrf, "i": data.issued}))

    def loads(self, cookie: str | None) -> SessionData | None:
        """The session in ``cookie``, or None if it is missing, forged, idle too long or too old."""
        if not cookie or len(cookie) > 4096:
            return None
        try:
            raw, signed = self._s.loads(cookie, max_age=self.idle, return_timestamp=True)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(raw, dict):
            return None
        payload: dict[str, Any] = raw
        issued = float(payload.get("i") or 0)
        if time.time() - issued > self.absolute:
            return None
        user = payload.get("id")  # cookies of before revision 0004 named users ("u"): anonymous now
        return SessionData(user if isinstance(user, str) else None, int(payload.get("e") or 0),
                           str(payload.get("c") or ""), issued, signed.timestamp())
