"""Recording corrections (each with its audit entry), and reading them back with the machine output.

Every function takes an open session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from planwatch.review.apply import Correction, Item, Outcome, apply
from planwatch.review.records import ReviewError, now, settle
from planwatch.review.schema import ACTIONS, AuditRow, CorrectionRow
from planwatch.store import dirty
from planwatch.store import repository as repo
from planwatch.store.repository import StoredStatement
from planwatch.store.schema import DocumentRow, DocumentText

_SEEN: set[str] = set()


def has_table(session: Session, name: str) -> bool:
    """Whether the session's database has table ``name`` (remembered once found)."""
    bind = session.get_bind()
    key = f"{bind.engine.url}#{name}"
    if key in _SEEN:
        return True
    found = bool(inspect(bind).has_table(name))
    if found:
        _SEEN.add(key)
    return found


def has_review_tables(session: Session) -> bool:
    """Whether the database has the review tables (a store created by ``create_all`` may not)."""
    return has_table(session, "corrections")


def _correction(row: CorrectionRow) -> Correction:
    return Correction(row.id, row.doc_sha, row.key_start, row.key_end, row.action, row.after, row.before)


def correction_rows(session: Session, doc_shas: Sequence[str] | None = None) -> list[CorrectionRow]:
    if not has_review_tables(session):
        return []
    stmt = select(CorrectionRow).order_by(CorrectionRow.doc_sha, CorrectionRow.key_start, CorrectionRow.id)
    if doc_shas is not None:
        stmt = stmt.where(CorrectionRow.doc_sha.in_(list(doc_shas)))
    return list(session.scalars(stmt))


def _persist_states(rows: Sequence[CorrectionRow], outcome: Outcome) -> None:
    for row in rows:
        state = outcome.states.get(row.id)
        if state and row.state != state:
            row.state = state


def corrected_stored(session: Session, found: Sequence[StoredStatement], *,
                     persist: bool = False) -> list[StoredStatement]:
    """``found`` (machine statements from the store) with every correction of their documents applied."""
    shas = sorted({s.doc_sha for s in found})
    rows = correction_rows(session, shas)
    if not rows:
        return list(found)
    region = {s.doc_sha: s.region for s in found}
    outcome = apply([(s.id, s.doc_sha, s.statement) for s in found], [_correction(r) for r in rows])
    if persist:
        _persist_states(rows, outcome)
    return [StoredStatement(i.key, i.doc_sha, region.get(i.doc_sha), i.statement) for i in outcome.items]


@dataclass(frozen=True)
class DocumentReview:
    """One document's corrected statements, its corrections, and how far review has got."""

    sha: str
    name: str
    text: str
    items: list[Item]
    corrections: dict[str, CorrectionRow]
    outcome: Outcome
    machine: list[StoredStatement]

    @property
    def _added_only(self) -> int:
        """Statements people added that the machine does not find."""
        used = set(self.outcome.consumed.values())
        return sum(1 for c in self.corrections.values() if c.action == "add" and c.id not in used)

    @property
    def total(self) -> int:
        """Statements to review: every machine statement, and every statement only a person found."""
        return len(self.machine) + self._added_only

    @property
    def reviewed(self) -> int:
        return len(self.outcome.consumed) + self._added_only

    @property
    def complete(self) -> bool:
        return len(self.outcome.consumed) == len(self.machine)


def document_review(session: Session, key: str, *, persist: bool = False) -> DocumentReview | None:
    """The review state of the document stored under hash (or current name) ``key``."""
    row = session.get(DocumentRow, key) or session.scalars(
        select(DocumentRow).where(DocumentRow.name == key, DocumentRow.superseded_by.is_(None))
        .order_by(DocumentRow.source).limit(1)).first()
    if row is None:
        return None
    text = session.get(DocumentText, row.sha256)
    machine = repo.find_statements(session, doc=row.sha256, include_superseded=True)
    rows = correction_rows(session, [row.sha256])
    outcome = apply([(s.id, s.doc_sha, s.statement) for s in machine], [_correction(r) for r in rows])
    if persist:
        _persist_states(rows, outcome)
    return DocumentReview(row.sha256, row.name, text.text if text else "", outcome.items,
                          {r.id: r for r in rows}, outcome, machine)


def _key_span(review: DocumentReview, item_key: str) -> tuple[tuple[int, int], Item | None]:
    item = next((i for i in review.items if i.key == item_key), None)
    if item_key.startswith("c-"):
        row = review.corrections.get(item_key[2:])
        if row is None:
            raise ReviewError("no such statement", 404)
        return (row.key_start, row.key_end), item
    if item is None:
        raise ReviewError("no such statement (or it was corrected already: reload)", 404)
    return (item.statement.start, item.statement.end), item


def record(session: Session, doc: str, action: str, actor: str, *, item: str | None = None,
           start: int | None = None, end: int | None = None,
           fields: dict[str, Any] | None = None) -> CorrectionRow | None:
    """Record one correction by ``actor`` and its audit entry; returns the correction row.

    ``confirm``/``edit``/``delete`` name the statement shown (``item``: a machine statement id or
    ``c-<correction id>``); ``add`` names the span ``[start, end)`` the person selected.
    """
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}")
    review = document_review(session, doc)
    if review is None:
        raise ReviewError("no such document", 404)
    changes = dict(fields or {})
    if action == "add":
        if start is None or end is None:
            raise ReviewError("add needs the span [start, end) of the selected text")
        key, shown = (int(start), int(end)), None
        base: dict[str, Any] = {"start": key[0], "end": key[1], "canonical": None, "comparator": "=",
                                "direction": "none"}
    else:
        if not item:
            raise ReviewError(f"{action} needs the statement id")
        key, shown = _key_span(review, item)
        if shown is None:  # a deleted statement: only a new edit/confirm can bring it back
            old = review.corrections.get(item[2:]) if item.startswith("c-") else None
            base = dict((old.before if old else None) or {})
            if not base:
                raise ReviewError("no such statement", 404)
        else:
            base = shown.statement.to_record()
    before = shown.statement.to_record() if shown is not None else None
    after = None if action == "delete" else settle(base, changes if action != "confirm" else {},
                                                   review.text, review.name)
    row = session.scalars(select(CorrectionRow).where(
        CorrectionRow.doc_sha == review.sha, CorrectionRow.key_start == key[0],
        CorrectionRow.key_end == key[1])).first()
    stamp = now()
    if row is None:
        row = CorrectionRow(id=uuid.uuid4().hex, doc_sha=review.sha, doc=review.name, key_start=key[0],
                            key_end=key[1], action=action, after=after, before=before, state="active",
                            author=actor, created=stamp, updated=stamp)
        session.add(row)
    else:
        if action == "confirm" and row.action in ("edit", "add"):
            action = row.action  # confirming a corrected statement keeps what it corrects
        row.action, row.after, row.author, row.updated = action, after, actor, stamp
        if row.before is None and before is not None and row.action != "add":
            row.before = before
    session.add(AuditRow(at=stamp, actor=actor, event=f"correction.{action}", doc_sha=review.sha,
                         start=key[0], end=key[1], before=before, after=after))
    session.flush()
    document_review(session, review.sha, persist=True)
    dirty.mark(session, [session.scalar(select(DocumentRow.region).where(DocumentRow.sha256 == review.sha))])
    session.flush()
    return row


def audit(session: Session, actor: str, event: str, after: dict[str, Any] | None = None) -> None:
    """An audit entry that is not about a statement (users, tokens)."""
    session.add(AuditRow(at=now(), actor=actor, event=event, after=after))


def history(session: Session, doc_sha: str, spans: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The audit entries about the statement at any of ``spans`` of a document, oldest first."""
    if not has_review_tables(session) or not spans:
        return []
    clause = or_(*[(AuditRow.start == a) & (AuditRow.end == b) for a, b in spans])
    rows = session.scalars(select(AuditRow).where(AuditRow.doc_sha == doc_sha, clause)
                           .order_by(AuditRow.id))
    return [{"at": r.at, "actor": r.actor, "event": r.event, "before": r.before, "after": r.after}
            for r in rows]


def item_spans(review: DocumentReview, item: Item) -> list[tuple[int, int]]:
    """The spans an item's history is filed under: its own and its correction's key span."""
    spans = [(item.statement.start, item.statement.end)]
    row = review.corrections.get(item.correction or "")
    if row is not None:
        spans.append((row.key_start, row.key_end))
    return spans
