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
    """This request's path and query with ``after`` set past the last item (no ``offset``), or None
    when the page is not full (the last page)."""
    if len(items) < limit or not items:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("after", "offset")]
    return f"{request.url.path}?{urlencode([*params, ('after', cursor(items[-1]))])}"


@contextmanager
def cursor_errors() -> Iterator[None]:
    """A cursor the listing did not make: 422."""
    try:
        yield
    except BadCursor as err:
        raise HTTPException(422, "bad cursor (after): use the next link of the page before") from err
