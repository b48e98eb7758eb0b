"""Corrected statements for the dashboard: machine output with people's corrections applied.

The work grows with the number of corrections, not of statements:

- :func:`any_corrections` tells (one query on the small ``corrections`` table) whether
  any document has a correction; without any, the read queries are plain SQL;
- :func:`settle` applies the corrections of the documents in scope
  (``planwatch.review.apply``) to the machine statements they reach — those overlapping a
  correction's key span or settled span, found by one join in SQL — which tells which
  machine statements are *consumed* and which statements people settled;
- the read query then leaves the consumed statements out in SQL, and :func:`merge_page`
  merges the settled ones (few) into the requested page, in the same order.

A statement a person settled has the id ``c-<correction id>`` and no doubts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.model import Statement
from planwatch.review.apply import Correction, Outcome, apply
from planwatch.review.reach import reached_rows
from planwatch.review.schema import CorrectionRow
from planwatch.review.service import correction_rows, has_review_tables
from planwatch.serve.schemas import StatementOut
from planwatch.store import records
from planwatch.store.schema import DocumentRow, StatementRow

#: A test on a settled statement (the SQL filters, in Python).
Predicate = Callable[[Statement], bool]
#: A page of the SQL part of a listing: (offset, limit) -> statements.
Fetch = Callable[[int, int], list[StatementOut]]
#: Ids or hashes per ``IN (...)`` list.
CHUNK = 500


def any_corrections(session: Session) -> bool:
    """Whether the store holds any correction (one indexed look-up)."""
    return has_review_tables(session) and session.scalar(select(CorrectionRow.id).limit(1)) is not None


def corrected_among(session: Session, shas: Sequence[str]) -> set[str]:
    """Which of the documents ``shas`` have a correction."""
    if not shas or not has_review_tables(session):
        return set()
    return set(session.scalars(select(CorrectionRow.doc_sha).where(CorrectionRow.doc_sha.in_(list(shas)))
                               .distinct()))


def to_out(key: str, doc_sha: str, region: str | None, st: Statement) -> StatementOut:
    """The API shape of a (corrected) statement."""
    return StatementOut(
        id=key, doc_sha=doc_sha, doc=st.doc, start=st.start, end=st.end, text=st.text,
        indicator=st.indicator, canonical=st.canonical, value=st.value, unit=st.unit,
        comparator=st.comparator, kind=st.kind, measure=st.measure, direction=st.direction,
        period=st.period, region=region, doubts=list(st.doubts),
        sentence_start=st.sentence.start if st.sentence else None,
        sentence_end=st.sentence.end if st.sentence else None,
    )


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[n : n + CHUNK] for n in range(0, len(items), CHUNK)] or [[]]


def _reached(session: Session, shas: Sequence[str]) -> list[tuple[str, str, Statement]]:
    """The machine statements of ``shas`` that a correction could consume (review/reach.py)."""
    return [(r.id, r.doc_sha, records.statement_from_row(r)) for r in reached_rows(session, shas)]


def _apply(session: Session, shas: Sequence[str]) -> tuple[Outcome, dict[str, str]]:
    """The outcome of the corrections of ``shas``, and the document of each statement reached."""
    corrections = [Correction(r.id, r.doc_sha, r.key_start, r.key_end, r.action, r.after, r.before)
                   for part in _chunks(shas) for r in correction_rows(session, part)]
    reached = _reached(session, shas)
    return apply(reached, corrections), {key: sha for key, sha, _ in reached}


def settle(
    session: Session, in_scope: Sequence[Any], keep: Predicate
) -> tuple[list[str], list[StatementOut]]:
    """For the corrected documents meeting ``in_scope`` (conditions on ``DocumentRow``): the ids of
    the machine statements corrections consumed, and the settled statements ``keep`` accepts
    (in listing order)."""
    docs = select(DocumentRow.sha256, DocumentRow.region).where(
        *in_scope, DocumentRow.sha256.in_(select(CorrectionRow.doc_sha)))
    region: dict[str, str | None] = {sha: reg for sha, reg in session.execute(docs)}
    if not region:
        return [], []
    outcome, _ = _apply(session, sorted(region))
    settled = [to_out(i.key, i.doc_sha, region.get(i.doc_sha), i.statement) for i in outcome.items
               if i.correction is not None and keep(i.statement)]
    settled.sort(key=order_key)
    return sorted(outcome.consumed), settled


def without(query: Any, ids: Sequence[str]) -> Any:
    """``query`` (over statements) leaving out the statements ``ids``."""
    if not ids:
        return query
    return query.where(*(StatementRow.id.not_in(list(part)) for part in _chunks(ids)))


def count_among(session: Session, query: Any, ids: Sequence[str]) -> int:
    """How many of the statements ``ids`` ``query`` (over statements) finds (primary-key look-ups)."""
    total = 0
    for part in _chunks(ids) if ids else []:
        narrowed = query.where(StatementRow.id.in_(list(part))).order_by(None).subquery()
        total += int(session.scalar(select(func.count()).select_from(narrowed)) or 0)
    return total


def order_key(st: StatementOut) -> tuple[str, int, str]:
    """The order of listings: document hash, start, id (as the SQL ``ORDER BY``)."""
    return (st.doc_sha, st.start, st.id)


def merge_page(fetch: Fetch, n_sql: int, settled: list[StatementOut], offset: int,
               limit: int) -> list[StatementOut]:
    """Items ``[offset, offset + limit)`` of the SQL listing (``n_sql`` rows, read with ``fetch``)
    merged with ``settled`` (sorted by :func:`order_key`).

    Reads at most ``limit + len(settled)`` SQL rows, starting ``len(settled)`` rows early: the
    settled statements before the first row read tell where that row stands in the merged list.
    """
    if not settled:
        return fetch(offset, limit)
    if n_sql == 0:
        return settled[offset : offset + limit]
    extra = len(settled)
    base = min(max(0, offset - extra), n_sql - 1)
    rows = fetch(base, limit + extra)
    keys = [order_key(s) for s in settled]
    lo = 0 if base == 0 or not rows else bisect_left(keys, order_key(rows[0]))
    at_end = not rows or base + len(rows) >= n_sql
    hi = extra if at_end else bisect_right(keys, order_key(rows[-1]))
    merged = sorted(rows + settled[lo:hi], key=order_key)
    skip = offset - (base + lo)
    return merged[skip : skip + limit]


def predicate(
    *,
    canonical: str | None = None,
    indicator: str | None = None,
    kind: str | None = None,
    period: str | None = None,
    measure: str | None = None,
    q: str | None = None,
) -> Predicate:
    """The statement filters of ``queries.statements`` as a test on a settled statement."""
    needle = indicator.lower() if indicator else None
    words = q.lower() if q else None

    def test(st: Statement) -> bool:
        if canonical and st.canonical != canonical:
            return False
        if needle and needle not in st.indicator.lower():
            return False
        for wanted, got in ((kind, st.kind), (period, st.period), (measure, st.measure)):
            if wanted and got != wanted:
                return False
        if words:
            return any(words in (v or "").lower() for v in (st.indicator, st.text, st.canonical))
        return True

    return test


def corrected_counts(session: Session, shas: Sequence[str], machine: dict[str, int]) -> dict[str, int]:
    """``machine`` (statement counts by document hash) counting corrected statements instead."""
    touched = sorted(corrected_among(session, shas))
    if not touched:
        return machine
    outcome, doc_of = _apply(session, touched)
    counts = dict(machine)
    for key in outcome.consumed:
        counts[doc_of[key]] = counts.get(doc_of[key], 0) - 1
    for item in outcome.items:
        if item.correction is not None:
            counts[item.doc_sha] = counts.get(item.doc_sha, 0) + 1
    return counts
