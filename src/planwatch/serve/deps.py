"""Shared request plumbing: the database session, the templates and their helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from planwatch.serve import labels as L

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, from the factory the app factory stored in ``app.state``."""
    with request.app.state.sessions() as session:
        yield session


def _plain(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _number(value: float | int | None) -> str:
    """A figure as people write it: no trailing ``.0``; large ones scaled (``8.8亿`` per the label table)."""
    if value is None:
        return ""
    for scale, suffix in L.labels().get("number_scales", []):
        if abs(value) >= float(scale):
            return _plain(round(value / float(scale), 4)) + str(suffix)
    return _plain(value)


def _query(params: dict[str, Any], **changes: Any) -> str:
    """A query string from ``params`` with ``changes``, dropping empty values."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def make_templates() -> Jinja2Templates:
    """Jinja2 templates with autoescape ON for every template, and the label helpers."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        label=L.label,
        status_order=L.STATUS_ORDER,
        labels=L.labels,
        text_label=L.text,
        number=_number,
        query=_query,
        quote=lambda s: quote(str(s), safe=""),
    )
    env.filters["number"] = _number
    return Jinja2Templates(env=env)


templates = make_templates()


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    """Render a page template."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)
