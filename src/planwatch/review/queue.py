"""The review queue: statements nobody has decided on yet, the ones the engine is least sure of first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.model import Statement
from planwatch.review.doubts import label, weight
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
