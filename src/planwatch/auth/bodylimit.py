"""Request bodies bounded before they are read, per route.

:class:`BodyLimit` (pure ASGI, outside the auth middleware) asks ``limit_for(method, path)``
for the route's limit in bytes. A declared ``Content-Length`` over it is answered 413 at once,
without reading a byte; a body sent without one (chunked) is counted as it arrives and cut off
with 413 as soon as it passes the limit. Whatever reads the body — the CSRF check, a form
parser, FastAPI — reads through the counting ``receive``.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.auth.refusals import Refusals

LimitFor = Callable[[str, str], int]


class BodyTooLarge(HTTPException):
    """Raised by the counting ``receive``; an HTTPException, so a route that meets it answers 413 too."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (limit {limit} bytes)")
        self.limit = limit


def content_length(scope: Scope) -> int | None:
    """The declared length; -1 when it is not a number."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


def human(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB" if limit >= 1024 else f"{limit} B"


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: LimitFor, refusals: Refusals | None = None) -> None:
        self.app = app
        self.limit_for = limit_for
        self.refusals = refusals or Refusals()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(str(scope.get("method", "GET")), str(scope.get("path", "")))
        declared = content_length(scope)
        if declared == -1:
            await self.refusals(scope, 400, "bad_length", "invalid Content-Length")(scope, receive, send)
            return
        if declared is not None and declared > limit:
            await self._too_large(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            await self._too_large(scope, receive, send, limit)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = self.refusals(scope, 413, "too_large", f"request body too large (limit {limit} bytes)",
                                 limit=human(limit))
        response.headers["connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)
