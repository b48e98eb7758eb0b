"""Tracking: judge every target against the results reported later (docs/tracking-method.md).

``judge`` is pure (statements with their documents' facts in, judgements out);
``run`` loads from the store, judges, and saves the judgements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planwatch.model import DocumentFacts, Judgement, Statement
from planwatch.track.judge import default_today, judge
from planwatch.track.rules import Indicator, load_indicators

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["default_today", "judge", "load_from_store", "run", "store_indicators"]


def load_from_store(session: Session) -> list[tuple[Statement, DocumentFacts]]:
    """Every current statement of the store, corrections applied, paired with its document's facts."""
    from planwatch.review.service import corrected_stored
    from planwatch.store import repository as repo

    facts = {d.sha256: d.facts for d in repo.list_documents(session)}
    found = corrected_stored(session, repo.find_statements(session))
    return [(s.statement, facts[s.doc_sha]) for s in found if s.doc_sha in facts]


def store_indicators(session: Session) -> dict[str, Indicator]:
    """The headline indicators stored in the store, else the packaged ``indicators.tsv``."""
    from planwatch.store import repository as repo

    rows = repo.indicators(session)
    if not rows:
        return load_indicators()
    return {
        r.id: Indicator(r.id, r.name, r.measure, r.unit, r.better, tuple(r.synonyms or ()))
        for r in rows
    }


def run(session: Session) -> list[Judgement]:
    """Load statements and facts from the store, judge every target, save and return the judgements."""
    from planwatch.store import repository as repo

    judgements = judge(load_from_store(session), indicators=store_indicators(session))
    repo.save_judgements(session, judgements, replace="all")
    return judgements
