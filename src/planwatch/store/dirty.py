"""Dirty-region marks: which regions tracking must judge again (docs/tracking-method.md).

Every write that can change a region's judgements marks the region in the same transaction:
a document stored, superseded or read again (``repository.save_processed`` /
``replace_extraction``, so ``ingest``, ``--reextract``, the upload and a facts edit), a correction
(``review.service.record``), a document deleted. A bulk writer calls :func:`mark` once per batch
with the regions of the documents it wrote.

``planwatch track`` reads the marks (:func:`marked`), judges those regions and deletes each mark it
read with :func:`clear` in the transaction that writes the region's judgements; a mark made
meanwhile has a higher ``generation`` and stays.

Regions are keyed by their full name; documents without a region share the key ``""``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from planwatch.store.schema import RegionMark
from planwatch.store.sql import insert_ignore

__all__ = ["NO_REGION", "clear", "key", "mark", "marked", "region_of"]

#: The key of documents without a region.
NO_REGION = ""


def key(region: str | None) -> str:
    """The mark key of ``region`` (``""`` for None)."""
    return region or NO_REGION


def region_of(k: str) -> str | None:
    """The region a mark key stands for."""
    return k or None


def mark(session: Session, regions: Iterable[str | None]) -> None:
    """Mark ``regions`` dirty (None: documents without a region), in the caller's transaction."""
    keys = sorted({key(r) for r in regions})
    if not keys:
        return
    now = datetime.now(UTC).isoformat(timespec="seconds")
    session.execute(update(RegionMark).where(RegionMark.region.in_(keys))
                    .values(generation=RegionMark.generation + 1, marked_at=now))
    insert_ignore(session, RegionMark, [{"region": k, "generation": 1, "marked_at": now} for k in keys],
                  ["region"])


def marked(session: Session, regions: Iterable[str] | None = None) -> dict[str, int]:
    """The marked regions (keys) with their generation; only among ``regions`` when given."""
    stmt = select(RegionMark.region, RegionMark.generation)
    if regions is not None:
        stmt = stmt.where(RegionMark.region.in_(sorted(set(regions))))
    return {r: g for r, g in session.execute(stmt)}


def clear(session: Session, generations: Mapping[str, int]) -> None:
    """Delete the marks of these regions (keys) if they are still at the generation read."""
    for k, g in generations.items():
        session.execute(delete(RegionMark).where(RegionMark.region == k, RegionMark.generation == g))
