"""Small SQL helpers that differ by backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model: Any, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert ``rows`` into ``model``'s table, skipping rows whose ``keys`` are already there."""
    if not rows:
        return
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)
    else:  # pragma: no cover - other backends: check first
        from sqlalchemy import and_, select

        fresh = []
        for row in rows:
            where = and_(*(table.c[k] == row[k] for k in keys))
            if session.execute(select(table.c[keys[0]]).where(where)).first() is None:
                fresh.append(row)
        if fresh:
            session.execute(table.insert(), fresh)
        return
    session.execute(stmt, list(rows))


def bulk_insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in one executemany of one cached Core statement.

    Not the ORM's bulk path, which splits the rows by which of their values are
    null (dozens of statements per document); not a multi-row VALUES, which is
    compiled anew for every row count.
    """
    if rows:
        session.execute(insert(model.__table__), list(rows))


_Select = TypeVar("_Select", bound=Select[Any])


def where_equal(stmt: _Select, *pairs: tuple[Any, Any]) -> _Select:
    """``stmt`` filtered on each ``(column, value)`` pair whose value is given (not None)."""
    for column, value in pairs:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt
