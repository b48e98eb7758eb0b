"""Helpers shared by the read queries: LIKE patterns, counting, finding a document by any key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from planwatch.serve.schemas import StatementOut
from planwatch.store.schema import DocumentRow, StatementRow


def like(value: str) -> str:
    """A LIKE pattern that matches ``value`` anywhere, with its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: Collations that order strings by code point: a prefix's strings are one range of the index.
_CODE_POINT_ORDER = {"c", "posix", "c.utf-8", "c.utf8", "ucs_basic"}


def _code_point_order(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return True
    known = bind.info.get("planwatch_code_point_order") if hasattr(bind, "info") else None
    if known is None:
        collation = session.scalar(select(func.current_setting("lc_collate"))) or ""
        known = str(collation).lower() in _CODE_POINT_ORDER
        if hasattr(bind, "info"):
            bind.info["planwatch_code_point_order"] = known
    return bool(known)


def within(session: Session, column: Any, region: str) -> Any:
    """``column`` is ``region`` or one of its subregions (``region = r OR region LIKE 'r%'``).

    Where the collation orders by code point (SQLite; PostgreSQL with C or C.UTF-8) the same rows are
    also bounded as one range, ``r <= region < r || U+10FFFF``, so a B-tree on ``column`` (first, as in
    ``ix_judgements_listing``) reads that range in order instead of filtering the whole index.
    """
    test = or_(column == region, column.like(like_prefix(region), escape="\\"))
    if _code_point_order(session):
        return and_(column >= region, column < region + "\U0010ffff", test)
    return test


def like_prefix(value: str) -> str:
    """A LIKE pattern for the strings starting with ``value``, its wildcards escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


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
