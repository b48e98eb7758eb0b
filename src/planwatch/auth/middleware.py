"""Who is asking and what they may do, for every request; CSRF on every unsafe one.

Rules, in order:

- ``Authorization: Bearer <token>`` names a user by API token (no cookie, so no CSRF check);
  a bad token is refused (401).
- Otherwise the signed session cookie names a user; with no user in the store every
  loopback client is the single local editor.
- With users configured, everything but ``/login`` and ``/static`` needs a signed-in
  user: the API answers 401, pages redirect to ``/login``.
- An unsafe request (POST, PUT, PATCH, DELETE) from another origin is refused; one
  carried by the session cookie needs the session's CSRF token (``X-CSRF-Token``
  header or ``csrf_token`` form field) — on the review, user, token and document-facts routes always,
  elsewhere once users are configured. It also needs the editor role (``/login``,
  ``/logout`` aside).

Every response to a browser carries a session cookie (an anonymous one at first),
refreshed while in use so that idle sessions expire.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from planwatch.auth import users
from planwatch.auth.sessions import COOKIE, SessionCodec, SessionData
from planwatch.auth.users import LOCAL, Principal
from planwatch.review.schema import UserRow
from planwatch.store.db import transaction

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
#: Routes that always need the CSRF token on unsafe requests, even on a local single-user install.
GUARDED = ("/api/review", "/review", "/api/users", "/api/tokens", "/users", "/logout", "/login")
#: Endings of guarded routes under other prefixes: a document's facts (``/documents/{key}/facts``).
GUARDED_ENDINGS = ("/facts",)
CSRF_HEADER = "x-csrf-token"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
REFRESH_AFTER = 60.0

Next = Callable[[Request], Awaitable[Response]]


def _is_public(path: str) -> bool:
    return path == "/login" or path.startswith("/static/")


def _loopback_client(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # not an address (in-process test clients, unix sockets)


def _cross_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site") == "cross-site"
    return urlsplit(origin).netloc != request.headers.get("host", "")


def _denied(request: Request, status: int, detail: str) -> Response:
    if request.url.path.startswith("/api/") or status != 401:
        return JSONResponse({"detail": detail}, status_code=status)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


class AuthMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, engine: Engine, codec: SessionCodec) -> None:
        super().__init__(app)
        self.engine = engine
        self.codec = codec

    def _resolve(self, request: Request, session: SessionData | None) -> tuple[Principal | None, bool, bool]:
        """(principal, users configured, bad token)."""
        auth = request.headers.get("authorization", "")
        with transaction(self.engine) as s:
            configured = users.any_users(s)
            if auth.lower().startswith("bearer "):
                found = users.resolve_token(s, auth[7:].strip())
                return found, configured, found is None
            if not configured:
                return (LOCAL if _loopback_client(request) else None), False, False
            if session is None or session.user is None:
                return None, True, False
            row = s.get(UserRow, session.user)
            if row is None or row.epoch != session.epoch:
                return None, True, False
            return Principal(row.name, row.role, "session", row.epoch), True, False

    async def dispatch(self, request: Request, call_next: Next) -> Response:
        if request.url.path.startswith("/static/") and request.method in SAFE:
            return await call_next(request)
        session = self.codec.loads(request.cookies.get(COOKIE))
        fresh = session is None
        if session is None:
            session = self.codec.new()
        principal, configured, bad_token = await run_in_threadpool(self._resolve, request, session)
        request.state.session = session
        request.state.principal = principal
        request.state.users_configured = configured
        path = request.url.path
        if bad_token:
            return JSONResponse({"detail": "invalid API token"}, status_code=401)
        if principal is None and not configured:
            return JSONResponse({"detail": "a local install serves this machine only"}, status_code=403)
        if principal is None and not _is_public(path):
            return _denied(request, 401, "login required")
        if request.method not in SAFE:
            denied = await self._check_unsafe(request, principal, session, configured, fresh)
            if denied is not None:
                return denied
        response = await call_next(request)
        issued: SessionData | None = getattr(request.state, "new_session", None)
        if issued is None and (fresh or self._stale(session)):
            issued = session
        if issued is not None:
            response.set_cookie(COOKIE, self.codec.dumps(issued), max_age=self.codec.idle, httponly=True,
                                samesite="lax", secure=request.url.scheme == "https", path="/")
        return response

    def _stale(self, session: SessionData) -> bool:
        return time.time() - session.signed_at > min(REFRESH_AFTER, self.codec.idle / 2)

    async def _check_unsafe(self, request: Request, principal: Principal | None, session: SessionData,
                             configured: bool, fresh: bool) -> Response | None:
        path = request.url.path
        if principal is not None and principal.via == "token":
            return None if principal.can("editor") else _denied(request, 403, "editors only")
        if _cross_origin(request):
            return _denied(request, 403, "cross-origin request refused")
        if configured or path.startswith(GUARDED) or path.endswith(GUARDED_ENDINGS):
            token = request.headers.get(CSRF_HEADER)
            if token is None and request.headers.get("content-type", "").startswith(FORMS):
                await request.body()  # cached, so the route reads the same body again
                form = await request.form()
                value = form.get("csrf_token")
                token = value if isinstance(value, str) else None
            if fresh or not session.check_csrf(token):
                return _denied(request, 403, "missing or wrong CSRF token")
        if path in ("/login", "/logout"):
            return None
        if principal is None or not principal.can("editor"):
            return _denied(request, 403, "editors only")
        return None
