"""The API's OpenAPI description in Chinese: summaries, descriptions and response texts from
``labels.yaml`` (``openapi``), put over the document FastAPI generates from the routes.

An operation is found by ``METHOD /path``; a download whose path ends in a format (``/api/targets.xlsx``)
also by the same path with ``{fmt}`` for the format (``GET /api/targets.{fmt}``, ``{fmt}`` → ``XLSX``).
An operation the labels do not name keeps what its route says (``untranslated`` lists them for the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from planwatch.serve.labels import labels

METHODS = ("get", "post", "put", "patch", "delete")


def _entry(method: str, path: str, routes: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, str]:
    key = f"{method.upper()} {path}"
    if key in routes:
        return routes[key], ""
    head, dot, fmt = path.rpartition(".")
    if dot and fmt and "/" not in fmt and "{" not in fmt:
        return routes.get(f"{method.upper()} {head}.{{fmt}}"), fmt.upper()
    return None, ""


def localise(spec: dict[str, Any]) -> list[str]:
    """Put the Chinese texts over ``spec`` (in place); the operations left as they were."""
    table = labels()["openapi"]
    routes, responses = table["routes"], table["responses"]
    spec.setdefault("info", {})["summary"] = table["summary"]
    missing = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            if method not in METHODS:
                continue
            entry, fmt = _entry(method, path, routes)
            if entry is None:
                missing.append(f"{method.upper()} {path}")
            else:
                op["summary"] = str(entry["summary"]).format(fmt=fmt)
                op["description"] = str(entry["description"]).format(fmt=fmt)
            for response in op.get("responses", {}).values():
                text = response.get("description")
                if text in responses:
                    response["description"] = responses[text]
    return missing


def untranslated(app: FastAPI) -> list[str]:
    """The operations of ``app`` the labels do not describe."""
    return localise(_generate(app))


def _generate(app: FastAPI) -> dict[str, Any]:
    return get_openapi(
        title=app.title, version=app.version, summary=app.summary, description=app.description,
        routes=app.routes,
    )


def install(app: FastAPI) -> None:
    """Serve the Chinese description at ``app.openapi_url`` (generated once, then kept)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = _generate(app)
            localise(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    setter: Callable[[], dict[str, Any]] = openapi
    app.openapi = setter  # type: ignore[method-assign]
