"""People's corrections applied to the machine statements they can reach, for many documents at once.

:func:`~planwatch.review.apply.apply` consumes only machine statements that overlap a correction's
key span or its settled span, so applying the corrections to those alone (found by one join in
SQL) settles the same statements as applying them to whole documents — and costs what the
corrections cost, not what the documents hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from planwatch.review.apply import Correction, apply
from planwatch.review.schema import CorrectionRow
from planwatch.review.service import correction_rows, has_review_tables
from planwatch.store import records
from planwatch.store.schema import StatementRow

#: Hashes per ``IN (...)`` list.
CHUNK = 500


@dataclass(frozen=True)
class Applied:
    """Which machine statements corrections consumed, and the statements only people found."""

    #: machine statement id -> the correction that consumed it
    consumed: dict[str, str] = field(default_factory=dict)
    #: machine statement id -> its document's hash (for the consumed ones)
    doc_of: dict[str, str] = field(default_factory=dict)
    #: document hash -> how many statements people added that the machine does not find
    added_only: Counter[str] = field(default_factory=Counter)


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[n : n + CHUNK] for n in range(0, len(items), CHUNK)]


def reached_rows(session: Session, shas: Sequence[str]) -> list[StatementRow]:
    """The machine statements of ``shas`` a correction could consume — those overlapping its key span
    or its settled span — by document and span. :func:`~planwatch.review.apply.apply` never consumes
    any other, so applying the corrections to these alone settles what the whole documents would."""
    after_start = CorrectionRow.after["start"].as_integer()
    after_end = CorrectionRow.after["end"].as_integer()
    overlap = or_(
        and_(StatementRow.start < CorrectionRow.key_end, CorrectionRow.key_start < StatementRow.end),
        and_(StatementRow.start < after_end, after_start < StatementRow.end),
    )
    found: list[StatementRow] = []
    for part in _chunks(shas):
        ids = (select(StatementRow.id).join(CorrectionRow, CorrectionRow.doc_sha == StatementRow.doc_sha)
               .where(CorrectionRow.doc_sha.in_(list(part)), overlap))
        found += session.scalars(select(StatementRow).where(StatementRow.id.in_(ids)))
    found.sort(key=lambda r: (r.doc_sha, r.start, r.end, r.id))
    return found


def outcome(session: Session, shas: Sequence[str]) -> Applied:
    """The corrections of the documents ``shas`` applied to the statements they reach."""
    if not shas or not has_review_tables(session):
        return Applied()
    rows = [r for part in _chunks(shas) for r in correction_rows(session, part)]
    if not rows:
        return Applied()
    touched = sorted({r.doc_sha for r in rows})
    found = reached_rows(session, touched)
    result = apply([(r.id, r.doc_sha, records.statement_from_row(r)) for r in found],
                   [Correction(r.id, r.doc_sha, r.key_start, r.key_end, r.action, r.after, r.before)
                    for r in rows])
    used = set(result.consumed.values())
    added = Counter(r.doc_sha for r in rows if r.action == "add" and r.id not in used)
    doc_of = {r.id: r.doc_sha for r in found}
    return Applied(dict(result.consumed), {k: doc_of[k] for k in result.consumed}, added)
