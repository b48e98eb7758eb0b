"""Who is asking and what they may do, for every request; CSRF on every unsafe one (pure ASGI).

Rules, in order:

- With no user in the store (a single-user install), or when ``PLANWATCH_ALLOWED_HOSTS`` is
  set, the ``Host`` header must name this server (DNS rebinding); refused with 403 otherwise.
- ``Authorization: Bearer <token>`` names a user by API token (no cookie, so no CSRF check);
  a bad, expired or revoked token is refused (401).
- Otherwise the signed session cookie names an account by its ``uid`` and session epoch; with
  no user in the store every loopback client is the single local editor.
- With users configured, everything but ``/login`` and ``/static`` needs a signed-in
  user: the API answers 401, pages redirect to ``/login``.
- An unsafe request (POST, PUT, PATCH, DELETE) from another origin is refused; it needs the
  editor role (``/login``, ``/logout`` aside) — checked before any byte of the body is read —
  and, when carried by the session cookie, the session's CSRF token (``X-CSRF-Token`` header,
  or the ``csrf_token`` form field read within the route's body limit, :mod:`.csrf`) — on the
  review, user, token, document-facts and sign-in routes always, elsewhere once users are configured.

Every response to a browser carries a session cookie (an anonymous one at first), refreshed
while in use so that idle sessions expire: HttpOnly, SameSite=Lax, Secure behind TLS.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any
from urllib.parse import quote, urlsplit

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.auth import users
from planwatch.auth.csrf import CSRF_HEADER, MULTIPART, URLENCODED, form_token, replay
from planwatch.auth.refusals import Refusals
from planwatch.auth.sessions import COOKIE, SessionCodec, SessionData
from planwatch.auth.settings import SecuritySettings
from planwatch.auth.users import LOCAL, Principal
from planwatch.store.db import transaction

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
#: Routes that always need the CSRF token on unsafe requests, even on a local single-user install.
GUARDED = ("/api/review", "/review", "/api/users", "/api/tokens", "/users", "/logout", "/login")
#: Endings of guarded routes under other prefixes: a document's facts (``/documents/{key}/facts``).
GUARDED_ENDINGS = ("/facts",)
#: Unsafe routes open to anyone (the sign-in form) or to every signed-in role.
OPEN = ("/login", "/logout")
REFRESH_AFTER = 60.0


def _is_public(path: str) -> bool:
    return path == "/login" or path.startswith("/static/")


def _address(request: Request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(request.client.host) if request.client else None
    except ValueError:
        return None


def _in_process(request: Request) -> bool:
    """A client that is not a network peer (an in-process test client names itself, not an address)."""
    return request.client is not None and _address(request) is None


def _loopback_client(request: Request) -> bool:
    """A client on this machine: a loopback address, a unix socket (no client), or in-process."""
    found = _address(request)
    return request.client is None or _in_process(request) or (found is not None and found.is_loopback)


def _cross_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site") == "cross-site"
    return urlsplit(origin).netloc != request.headers.get("host", "")


class AuthMiddleware:
    def __init__(self, app: ASGIApp, engine: Engine, codec: SessionCodec,
                 settings: SecuritySettings | None = None, refusals: Refusals | None = None) -> None:
        self.app = app
        self.engine = engine
        self.codec = codec
        self.settings = settings or SecuritySettings()
        self.refuse = refusals or Refusals()

    def _resolve(self, request: Request, session: SessionData) -> tuple[Principal | None, bool, bool]:
        """(principal, users configured, bad token)."""
        auth = request.headers.get("authorization", "")
        with transaction(self.engine) as s:
            configured = users.any_users(s)
            if auth.lower().startswith("bearer "):
                found = users.resolve_token(s, auth[7:].strip())
                return found, configured, found is None
            if not configured:
                return (LOCAL if _loopback_client(request) else None), False, False
            if session.user is None:
                return None, True, False
            return users.session_user(s, session.user, session.epoch), True, False

    def secure(self, request: Request) -> bool:
        """Whether the client reached us over TLS (directly, or through a trusted proxy)."""
        if self.settings.secure_cookies or request.url.scheme == "https":
            return True
        peer = request.client.host if request.client else ""
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        return forwarded == "https" and peer.lower() in self.settings.trusted_proxies

    def _host_refused(self, request: Request, configured: bool) -> bool:
        if _in_process(request) or (configured and not self.settings.hosts_configured):
            return False
        return not self.settings.host_allowed(request.headers.get("host", ""))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        path, method = request.url.path, request.method
        if path.startswith("/static/") and method in SAFE:
            await self.app(scope, receive, send)
            return
        if self.settings.hosts_configured and self._host_refused(request, True):
            host = request.headers.get("host", "")
            await self.refuse(scope, 403, "host", "unknown Host", host=host)(scope, receive, send)
            return
        session = self.codec.loads(request.cookies.get(COOKIE))
        fresh = session is None
        if session is None:
            session = self.codec.new()
        principal, configured, bad_token = await run_in_threadpool(self._resolve, request, session)
        state: dict[str, Any] = scope.setdefault("state", {})
        state.update(session=session, principal=principal, users_configured=configured)
        denied = self._check(request, principal, configured, bad_token)
        if denied is None and method not in SAFE:
            denied, receive = await self._check_unsafe(request, receive, principal, session, configured,
                                                       fresh)
        if denied is not None:
            await denied(scope, receive, send)
            return
        secure = self.secure(request)

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                issued: SessionData | None = state.get("new_session")
                if issued is None and (fresh or self._stale(session)):
                    issued = session
                if issued is not None:
                    MutableHeaders(scope=message).append("set-cookie", self._cookie(issued, secure))
            await send(message)

        await self.app(scope, receive, with_cookie)

    def _cookie(self, session: SessionData, secure: bool) -> str:
        carrier = Response()
        carrier.set_cookie(COOKIE, self.codec.dumps(session), max_age=self.codec.idle, httponly=True,
                           samesite="lax", secure=secure, path="/")
        return carrier.headers["set-cookie"]

    def _stale(self, session: SessionData) -> bool:
        return time.time() - session.signed_at > min(REFRESH_AFTER, self.codec.idle / 2)

    def _check(self, request: Request, principal: Principal | None, configured: bool,
               bad_token: bool) -> Response | None:
        scope = request.scope
        path = request.url.path
        if self._host_refused(request, configured):
            return self.refuse(scope, 403, "host", "unknown Host", host=request.headers.get("host", ""))
        if bad_token:
            return self.refuse(scope, 401, "token", "invalid, expired or revoked API token")
        if principal is None and not configured:
            return self.refuse(scope, 403, "local_only", "a local install serves this machine only")
        if principal is None and not _is_public(path):
            if path.startswith("/api/"):
                return self.refuse(scope, 401, "login", "login required")
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return None

    async def _check_unsafe(self, request: Request, receive: Receive, principal: Principal | None,
                            session: SessionData, configured: bool,
                            fresh: bool) -> tuple[Response | None, Receive]:
        scope = request.scope
        path = request.url.path
        if path not in OPEN and (principal is None or not principal.can("editor")):
            return self.refuse(scope, 403, "role", "editors only"), receive
        if principal is not None and principal.via == "token":
            return None, receive
        if _cross_origin(request):
            return self.refuse(scope, 403, "cross_origin", "cross-origin request refused"), receive
        if not (configured or path.startswith(GUARDED) or path.endswith(GUARDED_ENDINGS)):
            return None, receive
        token = request.headers.get(CSRF_HEADER)
        content_type = request.headers.get("content-type", "")
        if token is None and content_type.split(";", 1)[0].strip().lower() in (URLENCODED, MULTIPART):
            token, read, _ = await form_token(content_type, receive)
            receive = replay(read, receive)
        if fresh or not session.check_csrf(token):
            return self.refuse(scope, 403, "csrf", "missing or wrong CSRF token"), receive
        return None, receive
