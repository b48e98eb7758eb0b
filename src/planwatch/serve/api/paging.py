"""The ``next`` link of a listing page (keyset pagination, ``planwatch.serve.read.keyset``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import urlencode

from fastapi import HTTPException, Request

from planwatch.serve.read.keyset import BadCursor

T = TypeVar("T")


def next_link(request: Request, items: Sequence[T], limit: int, cursor: Callable[[T], str]) -> str | None:
    """This request's path and query with ``after`` set past the last item shown (no ``offset``), or
    None on the last page. ``items`` is what the listing returned for ``limit + 1``: one row more
    than the page shows tells that there is a next page."""
    if len(items) <= limit:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("after", "offset")]
    return f"{request.url.path}?{urlencode([*params, ('after', cursor(items[limit - 1]))])}"


@contextmanager
def cursor_errors() -> Iterator[None]:
    """A cursor the listing did not make: 404, no such page (a cursor is opaque, so any string is
    schema-valid; what it names does not exist)."""
    try:
        yield
    except BadCursor as err:
        raise HTTPException(404, "no such page: use the next link of the page before (after=)") from err
