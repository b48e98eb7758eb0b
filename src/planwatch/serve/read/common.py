"""Helpers shared by the read queries: LIKE patterns, counting, finding a document by any key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planwatch.serve.schemas import StatementOut
from planwatch.store.schema import DocumentRow, StatementRow


def like(value: str) -> str:
    """A LIKE pattern that matches ``value`` anywhere, with its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def count(session: Session, query: Select[Any] | Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def find_document(session: Session, key: str) -> DocumentRow | None:
    """A document by its hash (or a unique hash prefix of 8+ characters), else by name (current version)."""
    row = session.get(DocumentRow, key)
    if row is not None:
        return row
    if len(key) >= 8 and all(c in "0123456789abcdef" for c in key):
        found = list(session.scalars(select(DocumentRow).where(DocumentRow.sha256.like(key + "%")).limit(2)))
        if len(found) == 1:
            return found[0]
    by_name = select(DocumentRow).where(DocumentRow.name == key)
    return session.scalars(
        by_name.order_by(DocumentRow.superseded_by.is_not(None), DocumentRow.version.desc()).limit(1)
    ).first()


def statement_out(row: StatementRow, region: str | None = None) -> StatementOut:
    """The API shape of a stored statement."""
    return StatementOut(
        id=row.id,
        doc_sha=row.doc_sha,
        doc=row.doc,
        start=row.start,
        end=row.end,
        text=row.text,
        indicator=row.indicator,
        canonical=row.canonical,
        value=row.value,
        unit=row.unit,
        comparator=row.comparator,
        kind=row.kind,
        measure=row.measure,
        direction=row.direction,
        period=row.period,
        region=region,
        doubts=[str(d) for d in row.doubts or []],
        sentence_start=row.sentence_start,
        sentence_end=row.sentence_end,
    )
