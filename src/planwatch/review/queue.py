"""The review queue: statements nobody has decided on yet, the ones the engine is least sure of first,
and the documents whose facts (region, year, kind) the engine is unsure of, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts, Statement
from planwatch.review.doubts import fact_reason, label, weight
from planwatch.review.service import document_review
from planwatch.store import repository as repo

#: Said of a statement without a headline indicator (the engine records its other doubts itself).
NO_CANONICAL = "no headline indicator"


def reasons(st: Statement) -> tuple[str, ...]:
    """Why the engine is unsure of ``st``: its own doubts, and a missing headline indicator."""
    return tuple(st.doubts) + (() if st.canonical else (NO_CANONICAL,))


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


def queue(session: Session, doc: str | None = None,
          limit: int = 200) -> tuple[list[QueueItem], list[Progress]]:
    """Unreviewed statements (most doubts first, then by document and span) and per-document progress."""
    docs = repo.list_documents(session)
    if doc is not None:
        docs = [d for d in docs if doc in (d.sha256, d.name)]
    items: list[QueueItem] = []
    progress: list[Progress] = []
    for d in docs:
        review = document_review(session, d.sha256)
        if review is None:
            continue
        progress.append(Progress(d.sha256, d.name, d.facts.region, review.reviewed, review.total,
                                 review.complete))
        for it in review.items:
            if it.correction is not None:
                continue
            st = it.statement
            items.append(QueueItem(d.sha256, d.name, it.key, st.text, st.indicator, st.kind, st.period,
                                   reasons(st)))
    order = {d.sha256: i for i, d in enumerate(docs)}
    items.sort(key=lambda q: (-q.score, order[q.doc_sha]))
    return items[:limit], progress


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
