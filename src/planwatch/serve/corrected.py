"""Corrected statements for the dashboard: machine output with people's corrections applied.

Only documents that have a correction need work: :func:`corrected_subquery` names them
(one indexed query on the small ``corrections`` table), the read queries take every other
document's statements straight from SQL, and :func:`corrected_statements` applies the
corrections (``planwatch.review.apply``) to the statements of the corrected documents in
scope. A statement a person settled has the id ``c-<correction id>`` and no doubts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.model import Statement
from planwatch.review.apply import Correction, apply
from planwatch.review.schema import CorrectionRow
from planwatch.review.service import correction_rows, has_review_tables
from planwatch.serve.schemas import StatementOut
from planwatch.store import records
from planwatch.store.schema import StatementRow

#: A test on a settled statement (the SQL filters, in Python).
Predicate = Callable[[Statement], bool]


def corrected_subquery(session: Session) -> Any | None:
    """A subquery of the hashes of documents with any correction; None when the store has none."""
    if not has_review_tables(session):
        return None
    if session.scalar(select(CorrectionRow.id).limit(1)) is None:
        return None
    return select(CorrectionRow.doc_sha).distinct().scalar_subquery()


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


def _corrections(session: Session, shas: Sequence[str]) -> list[Correction]:
    return [Correction(r.id, r.doc_sha, r.key_start, r.key_end, r.action, r.after, r.before)
            for r in correction_rows(session, shas)]


def corrected_statements(
    session: Session,
    docs: dict[str, str | None],
    *,
    machine_ok: Collection[str] | None = None,
    keep: Predicate | None = None,
) -> list[StatementOut]:
    """The corrected statements of the documents ``docs`` (hash -> region), by document and span.

    A machine statement no correction touched is kept when its id is in ``machine_ok`` (the ids
    the SQL filters let through; None keeps all); a settled one when ``keep`` accepts it.
    """
    if not docs:
        return []
    shas = sorted(docs)
    rows = session.scalars(select(StatementRow).where(StatementRow.doc_sha.in_(shas)))
    machine = [(r.id, r.doc_sha, records.statement_from_row(r)) for r in rows]
    outcome = apply(machine, _corrections(session, shas))
    out = []
    for item in outcome.items:
        if item.correction is None:
            if machine_ok is not None and item.key not in machine_ok:
                continue
        elif keep is not None and not keep(item.statement):
            continue
        out.append(to_out(item.key, item.doc_sha, docs.get(item.doc_sha), item.statement))
    out.sort(key=lambda s: (s.doc_sha, s.start, s.id))
    return out


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


def corrected_counts(session: Session, shas: Sequence[str]) -> dict[str, int]:
    """How many corrected statements each corrected document among ``shas`` holds."""
    touched = corrected_among(session, shas)
    if not touched:
        return {}
    found = corrected_statements(session, dict.fromkeys(touched))
    counts = dict.fromkeys(touched, 0)
    for st in found:
        counts[st.doc_sha] += 1
    return counts
