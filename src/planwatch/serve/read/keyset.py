"""Keyset pagination: an opaque cursor holding the sort key of the last row a page showed.

``?after=<cursor>`` asks for the rows after it in the listing's order; the WHERE on the sort key
is a range of the listing's index (revision ``0008``), so page 5,000 costs what page 1 does, where
``OFFSET`` reads and drops every row before it. Every order ends with a unique column, so rows
with equal sort keys are neither repeated nor skipped across pages.

A cursor is URL-safe base64 of a JSON array; one that does not decode (or has the wrong shape)
is a :class:`BadCursor` (the API answers 422).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from sqlalchemy import and_, or_, tuple_
from sqlalchemy.sql.elements import ColumnElement


class BadCursor(ValueError):
    """A cursor this listing did not make."""


def encode(key: tuple[Any, ...] | list[Any]) -> str:
    raw = json.dumps(list(key), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, shape: tuple[type | tuple[type, ...], ...]) -> tuple[Any, ...]:
    """The key in ``cursor``; each element must be an instance of the type at its place in ``shape``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as err:
        raise BadCursor("bad cursor") from err
    if not isinstance(key, list) or len(key) != len(shape):
        raise BadCursor("bad cursor")
    for value, kind in zip(key, shape, strict=True):
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise BadCursor("bad cursor")
    return tuple(key)


def after_ascending(columns: tuple[Any, ...], key: tuple[Any, ...]) -> ColumnElement[bool]:
    """Rows after ``key`` in ascending order of ``columns`` (none null): one row-value range."""
    return tuple_(*columns) > tuple_(*key)


def after_nullable_first(
    dialect: str, first: Any, rest: tuple[Any, ...], key: tuple[Any, ...]
) -> ColumnElement[bool]:
    """Rows after ``key`` ordered ascending by ``first`` (nullable) then ``rest`` (not null).

    Nulls sort last on PostgreSQL and first on SQLite, as their ``ORDER BY`` puts them.
    """
    head, tail = key[0], key[1:]
    later_rest = tuple_(*rest) > tuple_(*tail)
    if dialect == "postgresql":  # NULLS LAST
        if head is None:
            return and_(first.is_(None), later_rest)
        return or_(tuple_(first, *rest) > tuple_(head, *tail), first.is_(None))
    if head is None:  # NULLS FIRST
        return or_(first.is_not(None), and_(first.is_(None), later_rest))
    return tuple_(first, *rest) > tuple_(head, *tail)
