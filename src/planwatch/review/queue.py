"""The review queue: statements nobody has decided on yet, the ones the engine is least sure of first,
and the documents whose facts (region, year, kind) the engine is unsure of, each with its reason.

A constant number of queries, whatever the number of documents: the documents in scope and their
statement counts (one ``GROUP BY`` on the ``doc_sha`` index), the few columns that rank a statement
(its doubts and whether it has a headline indicator), and the corrections — applied only to the
statements they can reach (:func:`planwatch.review.reach.outcome`). Only the ``limit`` statements
shown are read whole. The document texts are never read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts, Doubt, Statement
from planwatch.review.doubts import fact_reason, label, weight
from planwatch.review.reach import outcome
from planwatch.store import repository as repo
from planwatch.store.schema import DocumentRow, StatementRow

#: Said of a statement without a headline indicator (the engine records its other doubts itself).
NO_CANONICAL = Doubt.no_headline.value


def reasons(st: Statement) -> tuple[str, ...]:
    """Why the engine is unsure of ``st``: its own doubts, and a missing headline indicator."""
    return _reasons(st.doubts, st.canonical)


def _reasons(doubts: Any, canonical: str | None) -> tuple[str, ...]:
    return tuple(str(d) for d in doubts or ()) + (() if canonical else (NO_CANONICAL,))


@dataclass(frozen=True)
class QueueItem:
    doc_sha: str
    doc: str
    key: str
    text: str
    indicator: str
    kind: str
    period: str
    reasons: tuple[str, ...]

    @property
    def score(self) -> int:
        return weight(self.reasons)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label(r) for r in self.reasons)


@dataclass(frozen=True)
class Progress:
    sha: str
    name: str
    region: str | None
    reviewed: int
    total: int
    complete: bool


def _documents(session: Session, doc: str | None) -> list[tuple[str, str, str | None]]:
    """(hash, name, region) of the current documents in scope, by name, version and hash."""
    stmt = select(DocumentRow.sha256, DocumentRow.name, DocumentRow.region).where(
        DocumentRow.superseded_by.is_(None))
    if doc is not None:
        stmt = stmt.where((DocumentRow.sha256 == doc) | (DocumentRow.name == doc))
    stmt = stmt.order_by(DocumentRow.name, DocumentRow.version, DocumentRow.sha256)
    return [(sha, name, region) for sha, name, region in session.execute(stmt)]


def _in_scope(stmt: Any, doc: str | None) -> Any:
    """``stmt`` (over statements) joined to the current documents in scope (as :func:`_documents`)."""
    stmt = stmt.join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha).where(
        DocumentRow.superseded_by.is_(None))
    if doc is not None:
        stmt = stmt.where((DocumentRow.sha256 == doc) | (DocumentRow.name == doc))
    return stmt


def _weight(session: Session, doc: str | None) -> Any:
    """A SQL expression giving each statement in scope its weight: the statements' kinds of doubt
    are few (tens), so each is weighed once here and the database ranks the rows."""
    doubts, missing = cast(StatementRow.doubts, Text), StatementRow.canonical.is_(None)
    kinds = session.execute(_in_scope(select(doubts, missing), doc).group_by(doubts, missing)).all()
    whens = [(and_(doubts == text, missing if nocanon else ~missing),
              weight(_reasons(json.loads(text) if text else (), None if nocanon else "x")))
             for text, nocanon in kinds]
    return case(*whens, else_=0) if whens else literal(0)


def queue(session: Session, doc: str | None = None,
          limit: int = 200) -> tuple[list[QueueItem], list[Progress]]:
    """Unreviewed statements (most doubts first, then by document and span) and per-document progress."""
    docs = _documents(session, doc)
    if not docs:
        return [], []
    counts = dict(session.execute(_in_scope(
        select(StatementRow.doc_sha, func.count()), doc).group_by(StatementRow.doc_sha)).all())
    applied = outcome(session, [sha for sha, _, _ in docs])
    consumed = Counter(applied.doc_of[k] for k in applied.consumed)
    progress = [Progress(sha, name, region, consumed[sha] + applied.added_only[sha],
                         int(counts.get(sha, 0)) + applied.added_only[sha],
                         consumed[sha] == int(counts.get(sha, 0)))
                for sha, name, region in docs]
    stmt = _in_scope(select(StatementRow.id), doc).order_by(
        _weight(session, doc).desc(), DocumentRow.name, DocumentRow.version, DocumentRow.sha256,
        StatementRow.start, StatementRow.end, StatementRow.id)
    done = sorted(applied.consumed)
    for part in range(0, len(done), 500):
        stmt = stmt.where(StatementRow.id.not_in(done[part:part + 500]))
    ids = list(session.scalars(stmt.limit(limit)))  # ranked on the few columns, then read whole
    rows = {r.id: r for n in range(0, len(ids), 500)
            for r in session.scalars(select(StatementRow).where(StatementRow.id.in_(ids[n:n + 500])))}
    names = {sha: name for sha, name, _ in docs}
    return [QueueItem(r.doc_sha, names.get(r.doc_sha, r.doc), r.id, r.text, r.indicator, r.kind,
                      r.period, _reasons(r.doubts, r.canonical))
            for r in (rows[i] for i in ids if i in rows)], progress


@dataclass(frozen=True)
class FactItem:
    """A fact of a document the engine is unsure of: ``field`` (region, year, kind), ``reason`` as
    the engine recorded it and ``label`` as the reader should see it."""

    doc_sha: str
    doc: str
    field: str
    value: str
    reason: str
    label: str


def _value(facts: DocumentFacts, field: str) -> str:
    if field == "year":
        return ", ".join(facts.plans)
    return str(getattr(facts, field, None) or "")


def fact_queue(session: Session, doc: str | None = None) -> list[FactItem]:
    """The unsure facts of the current documents (of ``doc`` only, when given), by document."""
    out: list[FactItem] = []
    for d in repo.list_documents(session):
        if doc is not None and doc not in (d.sha256, d.name):
            continue
        for entry in d.facts.unsure:
            field, reason = fact_reason(entry)
            out.append(FactItem(d.sha256, d.name, field, _value(d.facts, field), entry, reason))
    return out
