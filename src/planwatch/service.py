"""Application services over the store: the stages put together for the CLI, the web app and scripts.

``track_store`` runs stage 4 (track) over everything stored (stage 5), with people's corrections
applied: it loads every current statement, judges every target and saves the judgements. It lives
here, above ``track``, ``store`` and ``review``, so that ``track`` stays pure.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from planwatch.model import DocumentFacts, Judgement, Statement
from planwatch.review.service import corrected_stored
from planwatch.store import repository as repo
from planwatch.track import judge
from planwatch.track.report import Report, build_report, in_period
from planwatch.track.rules import Indicator, load_indicators

log = logging.getLogger(__name__)

__all__ = ["load_from_store", "load_texts", "region_report", "retrack", "store_indicators", "track_store"]


def load_from_store(session: Session) -> list[tuple[Statement, DocumentFacts]]:
    """Every current statement of the store, corrections applied, paired with its document's facts."""
    facts = {d.sha256: d.facts for d in repo.list_documents(session)}
    found = corrected_stored(session, repo.find_statements(session))
    return [(s.statement, facts[s.doc_sha]) for s in found if s.doc_sha in facts]


def load_texts(session: Session) -> dict[str, str]:
    """The text of every current document by name: the linker reads the words around each figure."""
    return repo.document_texts(session)


def store_indicators(session: Session) -> dict[str, Indicator]:
    """The headline indicators stored in the store, else the packaged ``indicators.tsv``."""
    rows = repo.indicators(session)
    if not rows:
        return load_indicators()
    return {
        r.id: Indicator(r.id, r.name, r.measure, r.unit, r.better, tuple(r.synonyms or ()))
        for r in rows
    }


def track_store(session: Session) -> list[Judgement]:
    """Judge every stored target (corrections applied), save and return the judgements."""
    judgements = judge(load_from_store(session), indicators=store_indicators(session),
                       texts=load_texts(session))
    repo.save_judgements(session, judgements, replace="all")
    return judgements


def retrack(session: Session) -> str | None:
    """Judge again after a change people made, without risking the change: tracking runs in a
    savepoint, and if it fails the change stays, the old judgements stay, and the failure is
    returned (and logged) instead of raised. None when tracking ran."""
    try:
        with session.begin_nested():
            track_store(session)
    except Exception as exc:  # a failing stage must not cost a person's correction
        log.exception("tracking failed after a change; the change is kept, judgements are stale")
        return f"{type(exc).__name__}: {exc}"
    return None


def region_report(session: Session, region: str, period: str | None = None) -> Report:
    """The 落实情况表 of ``region`` (and ``period``: a year, or a plan span and the years inside it)
    from the stored judgements, with the sentences of its targets and evidence; judged as of the
    latest delivered date in the store."""
    from planwatch.track import default_today

    facts = {d.facts.doc: d.facts for d in repo.list_documents(session)}
    judged = [j for j in repo.judgements(session, region=region) if in_period(j.target.period, period)]
    names = {j.target.doc for j in judged} | {e.statement.doc for j in judged for e in j.evidence}
    return build_report(
        judged, facts, region=region, period=period, today=default_today(facts.values()),
        indicators=store_indicators(session), texts=repo.document_texts(session, names),
    )
