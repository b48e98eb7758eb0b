"""The app's security middlewares, in order, with their per-route body limits and refusal pages.

Outermost first: :class:`~planwatch.auth.headers.SecurityHeaders` (CSP, nosniff, frame and
referrer policy on every response), :class:`~planwatch.auth.bodylimit.BodyLimit` (a route's body
limit, before anything reads the body), :class:`~planwatch.auth.middleware.AuthMiddleware`
(Host allow-list, who is asking, roles, CSRF). Refused page requests get the error page with the
reason in Chinese (``security_errors`` in ``rules/zh/labels.yaml``); the API gets JSON.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Scope

from planwatch.auth.bodylimit import BodyLimit, BodyTooLarge, LimitFor, human
from planwatch.auth.deps import can_edit, csrf_token
from planwatch.auth.headers import SecurityHeaders
from planwatch.auth.middleware import AuthMiddleware
from planwatch.auth.ratelimit import LoginLimiter
from planwatch.auth.refusals import Refusals
from planwatch.auth.sessions import SessionCodec, secret_key
from planwatch.auth.settings import SecuritySettings
from planwatch.serve import labels, upload
from planwatch.serve.deps import templates

#: Routes that take a file: their body limit is the upload limit, plus room for the multipart framing.
UPLOAD_ROUTES = ("/upload", "/api/documents", "/api/uploads", "/api/uploads/preview")
MULTIPART_OVERHEAD = 1024 * 1024
#: The sign-in and sign-out forms: a few short fields.
FORM_ROUTES = ("/login", "/logout")


def body_limits(settings: SecuritySettings) -> LimitFor:
    """The body limit of each route: uploads, small forms, and everything else (JSON)."""

    def limit_for(method: str, path: str) -> int:
        if method == "POST" and path in UPLOAD_ROUTES:
            return int(upload.MAX_BYTES) + MULTIPART_OVERHEAD
        if path in FORM_ROUTES:
            return settings.max_form_bytes
        return settings.max_json_bytes

    return limit_for


def refusal_page(scope: Scope, status: int, key: str, values: dict[str, Any]) -> Response:
    state = scope.setdefault("state", {})
    state.setdefault("principal", None)
    request = Request(scope)
    detail = labels.refusal(key, **values)
    page = templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail},
                                      status_code=status)
    return page if isinstance(page, Response) else HTMLResponse(detail, status)


def install(app: FastAPI, engine: Engine, codec: SessionCodec, settings: SecuritySettings) -> None:
    """Add the three middlewares (Starlette runs the last added first)."""
    refusals = Refusals(refusal_page)

    async def too_large(request: Request, exc: Exception) -> Response:
        # met by a route while it read the body (sent without a length): the same refusal as up front
        limit = exc.limit if isinstance(exc, BodyTooLarge) else 0
        return refusals(request.scope, 413, "too_large", str(getattr(exc, "detail", "")), limit=human(limit))

    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_middleware(AuthMiddleware, engine=engine, codec=codec, settings=settings, refusals=refusals)
    app.add_middleware(BodyLimit, limit_for=body_limits(settings), refusals=refusals)
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)


def setup(app: FastAPI, engine: Engine) -> None:
    """Sign-in on ``app``: its settings, session codec and login limiter, the middlewares, the
    template helpers. The app mounts the routers (``pages.login``, ``api.users``, review)."""
    settings = SecuritySettings.from_env()
    codec = SessionCodec(secret_key(engine), idle=settings.session_idle, absolute=settings.session_max)
    app.state.security = settings
    app.state.session_codec = codec
    app.state.login_limiter = LoginLimiter(settings.login_failures, settings.login_address_failures,
                                           settings.login_window)
    install(app, engine, codec, settings)
    templates.env.globals.update(csrf_token=csrf_token, can_edit=can_edit)
