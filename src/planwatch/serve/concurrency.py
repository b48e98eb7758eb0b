"""How many requests the app works on at once, and what it answers when it cannot take more.

- The blocking work of a request (every ``def`` route, the auth middleware's look-ups) runs on
  anyio's thread pool, bounded to ``PLANWATCH_THREADS`` threads (default 16).
- The database pool holds a connection for every one of those threads (and as many again in
  overflow, for the rare request that holds two), so a thread never waits for a connection: a pool
  timeout cannot be the normal way a busy server answers.
- Requests beyond ``PLANWATCH_MAX_PENDING`` in flight (default 256) are refused at once with 503 and
  ``Retry-After``; a pool timeout or a database that stays locked past its busy timeout answers the
  same, never 500.

On SQLite, readers never wait on a writer: the store runs in WAL mode with a busy timeout
(``store.db``), and every write transaction is short (one document at a time).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Receive, Scope, Send

from planwatch.settings import ENV_MAX_PENDING, ENV_THREADS, settings

THREADS_ENV = ENV_THREADS
PENDING_ENV = ENV_MAX_PENDING
#: Seconds a client is told to wait before trying again.
RETRY_AFTER = "2"
BUSY = "服务器繁忙，请稍后再试 (server busy: retry later)"


def threads() -> int:
    """How many threads run the app's blocking work."""
    return settings().threads


def max_pending() -> int:
    """How many requests may be in flight before new ones are refused with 503."""
    return settings().max_pending


def pool_options(url: str) -> dict[str, Any]:
    """Engine options sizing the connection pool to the thread pool (none for in-memory SQLite)."""
    if url.startswith("sqlite") and (":memory:" in url or url.rstrip("/").endswith(":")):
        return {}
    n = threads()
    return {"pool_size": n, "max_overflow": n, "pool_timeout": 30, "pool_pre_ping": False}


def busy(status: int = 503) -> Response:
    return JSONResponse({"detail": BUSY}, status_code=status, headers={"Retry-After": RETRY_AFTER})


class Admission:
    """Pure ASGI middleware: at most ``limit`` HTTP requests in flight, the others refused with 503."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await busy()(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


def _locked(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "lock timeout" in text or "could not obtain lock" in text


def install(app: FastAPI) -> None:
    """Bound the thread pool at start-up, refuse requests past the limit, answer 503 when saturated."""

    async def _bound_threads() -> None:
        from anyio import to_thread

        to_thread.current_default_thread_limiter().total_tokens = threads()

    app.router.on_startup.append(_bound_threads)
    app.add_middleware(Admission, limit=max_pending())

    @app.exception_handler(PoolTimeout)
    async def _pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        return busy()

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> Response:
        if _locked(exc):
            return busy()
        raise exc
