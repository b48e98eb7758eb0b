"""Refusals sent by the security middlewares, before any route runs.

The API (``/api/...``) gets JSON with an English ``detail``; pages get what the
``page`` hook renders (the dashboard's error page with its Chinese text, from the
label data), or the same JSON when no hook is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.types import Scope

#: ``page(scope, status, key, values)``: the HTML refusal of a page request; ``key`` names the reason.
PageHook = Callable[[Scope, int, str, dict[str, Any]], Response]


class Refusals:
    def __init__(self, page: PageHook | None = None) -> None:
        self.page = page

    def __call__(self, scope: Scope, status: int, key: str, detail: str, **values: Any) -> Response:
        path = str(scope.get("path", ""))
        if self.page is None or path.startswith("/api/") or path.startswith("/static/"):
            return JSONResponse({"detail": detail}, status_code=status)
        return self.page(scope, status, key, values)
