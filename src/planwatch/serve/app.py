"""The PlanWatch web application: server-rendered pages in Chinese and a JSON API under ``/api/``.

``create_app(db_url)`` opens the store (migrating it: the full-text index is Alembic revision
``0006``), sets up sign-in (``security.setup``) and mounts every router: ``serve.pages`` modules
for the dashboard, ``serve.api`` modules for the API (OpenAPI at ``/api/openapi.json``, docs at
``/api/docs``), among them sign-in, users and review. Both read the store through ``serve.read``.
"""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from planwatch.serve import concurrency, openapi, security
from planwatch.serve.api import documents as api_documents
from planwatch.serve.api import exports as api_exports
from planwatch.serve.api import facts as api_facts
from planwatch.serve.api import indicators as api_indicators
from planwatch.serve.api import review as api_review
from planwatch.serve.api import search as api_search
from planwatch.serve.api import targets as api_targets
from planwatch.serve.api import uploads as api_uploads
from planwatch.serve.api import users as api_users
from planwatch.serve.deps import STATIC_DIR, render, templates
from planwatch.serve.jobs import JobRunner
from planwatch.serve.pages import document as pages_document
from planwatch.serve.pages import facts as pages_facts
from planwatch.serve.pages import indicator as pages_indicator
from planwatch.serve.pages import login as pages_login
from planwatch.serve.pages import midterm as pages_midterm
from planwatch.serve.pages import overview as pages_overview
from planwatch.serve.pages import region as pages_region
from planwatch.serve.pages import review as pages_review
from planwatch.serve.pages import search as pages_search
from planwatch.serve.pages import upload as pages_upload
from planwatch.serve.upload import default_upload_dir
from planwatch.store import search_index
from planwatch.store.db import open_store, resolve_url, session_factory

#: Collector thresholds for the serving process: a page allocates tens of thousands of short-lived objects
#: (rows, models, template output); the default gen-0 threshold (700) makes the collector walk the whole
#: heap many times per request, which showed as p95 spikes several times the median.
GC_THRESHOLDS = (50_000, 50, 100)

#: The vendored Swagger UI (npm swagger-ui-dist) behind /api/docs (templates/api_docs.html).
SWAGGER = "/static/vendor/swagger-ui"

API_ROUTERS = (
    api_documents, api_facts, api_targets, api_indicators, api_search, api_exports, api_uploads,
)
PAGE_ROUTERS = (
    pages_overview, pages_region, pages_document, pages_facts, pages_indicator, pages_search, pages_upload,
    pages_midterm,
)


def tune_gc() -> None:
    """Freeze what start-up allocated and collect less often (see ``GC_THRESHOLDS``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def create_app(
    db_url: str | None = None, upload_dir: str | Path | None = None, *, tune_collector: bool = True
) -> FastAPI:
    """The application over the store at ``db_url`` (default: the embedded SQLite store).

    ``tune_collector`` adjusts the process's garbage collector for serving (:func:`tune_gc`).
    """
    engine = open_store(db_url, **concurrency.pool_options(resolve_url(db_url)))
    search_index.catch_up(engine)  # rows the triggers did not see; planner statistics (no schema)
    app = FastAPI(
        title="PlanWatch",
        summary="规划目标与执行情况跟踪",  # the whole description in Chinese: serve/openapi.py
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below with the vendored Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.db_url = resolve_url(db_url)
    app.state.upload_dir = Path(upload_dir) if upload_dir else default_upload_dir(app.state.db_url)
    app.state.jobs = JobRunner(app)  # batch uploads in the background (this process: serve/jobs.py)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def _api_docs(request: Request) -> Response:
        # the vendored Swagger UI, started by a static script (the CSP allows no inline script)
        page: Response = templates.TemplateResponse(request, "api_docs.html", {})
        return page

    for module in API_ROUTERS:
        app.include_router(module.router, prefix="/api")
    for module in PAGE_ROUTERS:
        app.include_router(module.router)
    security.setup(app, engine)  # sign-in sessions, roles, CSRF (middlewares)
    app.include_router(api_users.router, prefix="/api")  # me, tokens, users
    app.include_router(api_review.router, prefix="/api")  # review (planwatch.review)
    app.include_router(pages_login.router)  # /login, /logout
    app.include_router(pages_review.router)
    concurrency.install(app)  # bounded threads and pool, 503 + Retry-After when saturated
    openapi.install(app)  # the OpenAPI description in Chinese (labels.yaml ``openapi``)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        page = render(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code,
        )
        return page if isinstance(page, HTMLResponse) else HTMLResponse(str(exc.detail), exc.status_code)

    if tune_collector:
        tune_gc()
    return app
