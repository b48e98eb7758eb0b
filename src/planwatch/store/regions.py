"""The store read and written region by region, for tracking by region (docs/tracking-method.md).

A region's input is its current documents' facts, statements and texts (:func:`documents`,
:func:`statements`, :func:`texts`): statements of one region are only ever linked to statements of
the same region, so tracking holds one region in memory at a time. What judging one region needs of
the others is small and kept here: each region's share of the linker's word weights and its latest
dates (``region_track``), their sums (``track_words``) and the "today" they give (:func:`context`).

Region keys are ``store.dirty`` keys: the full name, ``""`` for documents without a region.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts
from planwatch.store import records
from planwatch.store.dirty import region_of
from planwatch.store.repository import StoredStatement
from planwatch.store.schema import (
    DocumentRow,
    DocumentText,
    JudgementRow,
    RegionTrack,
    StatementRow,
    TrackWord,
)
from planwatch.store.sql import bulk_insert

__all__ = [
    "Context", "context", "documents", "drop_share", "forget_all", "judged_regions", "keys", "save_share",
    "set_judged", "statements", "texts", "tracked",
]


def _of_region(stmt: Any, k: str) -> Any:
    region = region_of(k)
    cond = DocumentRow.region.is_(None) if region is None else DocumentRow.region == region
    return stmt.where(cond, DocumentRow.superseded_by.is_(None))


def keys(session: Session) -> list[str]:
    """The key of every region with current documents, sorted."""
    stmt = select(DocumentRow.region).where(DocumentRow.superseded_by.is_(None)).distinct()
    return sorted({r or "" for r in session.scalars(stmt)})


def judged_regions(session: Session) -> list[str]:
    """The key of every region with stored judgements."""
    return sorted({r or "" for r in session.scalars(select(JudgementRow.region).distinct())})


def documents(session: Session, k: str) -> dict[str, DocumentFacts]:
    """The facts of the region's current documents, by hash."""
    rows = session.scalars(_of_region(select(DocumentRow), k))
    return {r.sha256: records.facts_from_row(r) for r in rows}


def statements(session: Session, k: str) -> list[StoredStatement]:
    """The machine statements of the region's current documents, in ``find_statements`` order."""
    stmt = _of_region(select(StatementRow, DocumentRow.region)
                      .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha), k)
    stmt = stmt.order_by(StatementRow.doc, StatementRow.doc_sha, StatementRow.start,
                         StatementRow.end, StatementRow.id)
    return [StoredStatement(row.id, row.doc_sha, reg, records.statement_from_row(row))
            for row, reg in session.execute(stmt)]


def texts(session: Session, k: str) -> dict[str, str]:
    """The text of the region's current documents, by document name."""
    stmt = _of_region(select(DocumentRow.name, DocumentText.text)
                      .join(DocumentText, DocumentText.sha256 == DocumentRow.sha256), k)
    return {name: text for name, text in session.execute(stmt)}


def tracked(session: Session) -> dict[str, int | None]:
    """Every region tracking has read, with the year its judgements were made as of."""
    return {r: y for r, y in session.execute(select(RegionTrack.region, RegionTrack.judged_year))}


def _add_words(session: Session, delta: Mapping[str, int]) -> None:
    delta = {w: d for w, d in delta.items() if d}
    if not delta:
        return
    have: dict[str, int] = {}
    words = sorted(delta)
    for i in range(0, len(words), 500):
        part = words[i:i + 500]
        rows = session.execute(select(TrackWord.word, TrackWord.df).where(TrackWord.word.in_(part)))
        have.update((w, int(df)) for w, df in rows)
    gone = [w for w in words if w in have and have[w] + delta[w] <= 0]
    for i in range(0, len(gone), 500):
        session.execute(delete(TrackWord).where(TrackWord.word.in_(gone[i:i + 500])))
    changed = [{"w": w, "d": delta[w]} for w in words if w in have and have[w] + delta[w] > 0]
    if changed:
        table = TrackWord.__table__
        session.execute(update(table).where(table.c.word == bindparam("w"))  # type: ignore[arg-type]
                        .values(df=table.c.df + bindparam("d")), changed)
    new = [{"word": w, "df": delta[w]} for w in words if w not in have and delta[w] > 0]
    bulk_insert(session, TrackWord, new)


def save_share(session: Session, k: str, profiles: int, words: Counter[str],
               delivered: str | None, published: str | None) -> None:
    """Store the region's share of the word weights and its latest dates (the sums follow)."""
    row = session.get(RegionTrack, k)
    delta: Counter[str] = Counter(words)
    if row is not None:
        delta.subtract(row.words or {})
        row.profiles, row.words = profiles, dict(sorted(words.items()))
        row.delivered, row.published = delivered, published
    else:
        session.add(RegionTrack(region=k, profiles=profiles, words=dict(sorted(words.items())),
                                delivered=delivered, published=published, judged_year=None))
    _add_words(session, delta)
    session.flush()


def drop_share(session: Session, k: str) -> None:
    """Forget a region that has no documents left (its share leaves the sums)."""
    row = session.get(RegionTrack, k)
    if row is None:
        return
    _add_words(session, {w: -int(n) for w, n in (row.words or {}).items()})
    session.delete(row)
    session.flush()


def forget_all(session: Session) -> None:
    """Drop every region's share and the sums (``track --all`` builds them again)."""
    session.execute(delete(TrackWord))
    session.execute(delete(RegionTrack))


def set_judged(session: Session, k: str, year: int) -> None:
    session.execute(update(RegionTrack).where(RegionTrack.region == k).values(judged_year=year))


@dataclass(frozen=True)
class Context:
    """What judging one region needs of the whole store: the word counts and "today"."""

    profiles: int
    words: dict[str, int]
    today: date


def context(session: Session) -> Context:
    """The sums of every region's share; "today" is the latest date any document with statements
    speaks at (its delivered or published date, else the start of the year it plans for; else the
    wall clock), as ``track.default_today``."""
    n = int(session.scalar(select(func.coalesce(func.sum(RegionTrack.profiles), 0))) or 0)
    words = {w: int(df) for w, df in session.execute(select(TrackWord.word, TrackWord.df))}
    delivered = session.scalar(select(func.max(RegionTrack.delivered)))
    published = session.scalar(select(func.max(RegionTrack.published)))
    latest = delivered or published
    return Context(n, words, date.fromisoformat(latest) if latest else date.today())
