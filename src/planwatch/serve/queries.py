"""Read queries the dashboard and the API need, on top of the store's SQLAlchemy models.

They return the API's pydantic shapes (``schemas``). Only current document versions
(``superseded_by`` null) are listed unless asked otherwise; a superseded version can
still be opened by its hash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from planwatch.serve.schemas import (
    DocumentDetail,
    DocumentOut,
    EvidenceOut,
    IndicatorOut,
    JudgementOut,
    RegionOut,
    SeriesOut,
    SeriesPoint,
    StatementOut,
)
from planwatch.store.schema import (
    DocumentRow,
    DocumentText,
    EvidenceRow,
    IndicatorRow,
    JudgementRow,
    Region,
    StatementRow,
)



def _like(value: str) -> str:
    """A LIKE pattern that matches ``value`` anywhere, with its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _doc_out(row: DocumentRow, statements: int = 0) -> DocumentOut:
    return DocumentOut(
        sha256=row.sha256, name=row.name, region=row.region, kind=row.kind, delivered=row.delivered,
        published=row.published, reviews=[str(p) for p in row.reviews or []],
        plans=[str(p) for p in row.plans or []], format=row.format, length=row.length,
        version=row.version, superseded_by=row.superseded_by, statements=statements,
    )


def statement_out(row: StatementRow, region: str | None = None) -> StatementOut:
    """The API shape of a stored statement."""
    return StatementOut(
        id=row.id, doc_sha=row.doc_sha, doc=row.doc, start=row.start, end=row.end, text=row.text,
        indicator=row.indicator, canonical=row.canonical, value=row.value, unit=row.unit,
        comparator=row.comparator, kind=row.kind, measure=row.measure, direction=row.direction,
        period=row.period, region=region, doubts=[str(d) for d in row.doubts or []],
        sentence_start=row.sentence_start, sentence_end=row.sentence_end,
    )


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def statement_counts(session: Session, shas: Sequence[str]) -> dict[str, int]:
    """How many statements each of the documents ``shas`` holds."""
    if not shas:
        return {}
    rows = session.execute(
        select(StatementRow.doc_sha, func.count()).where(StatementRow.doc_sha.in_(shas))
        .group_by(StatementRow.doc_sha)
    )
    return {sha: int(n) for sha, n in rows}


def list_documents(
    session: Session, *, region: str | None = None, kind: str | None = None, q: str | None = None,
    limit: int = 50, offset: int = 0, include_superseded: bool = False,
) -> tuple[list[DocumentOut], int]:
    """Documents, newest first (by delivered/published date), with their statement counts."""
    query = select(DocumentRow)
    if not include_superseded:
        query = query.where(DocumentRow.superseded_by.is_(None))
    if region:
        query = query.where(or_(DocumentRow.region == region, DocumentRow.region.like(region + "%")))
    if kind:
        query = query.where(DocumentRow.kind == kind)
    if q:
        query = query.where(DocumentRow.name.like(_like(q), escape="\\"))
    total = _count(session, query)
    date = func.coalesce(DocumentRow.delivered, DocumentRow.published, "")
    query = query.order_by(date.desc(), DocumentRow.name).limit(limit).offset(offset)
    rows = list(session.scalars(query))
    counts = statement_counts(session, [r.sha256 for r in rows])
    return [_doc_out(r, counts.get(r.sha256, 0)) for r in rows], total


def find_document(session: Session, key: str) -> DocumentRow | None:
    """A document by its hash (or a unique hash prefix of 8+ characters), else by name (current version)."""
    row = session.get(DocumentRow, key)
    if row is not None:
        return row
    if len(key) >= 8 and all(c in "0123456789abcdef" for c in key):
        found = list(session.scalars(select(DocumentRow).where(DocumentRow.sha256.like(key + "%")).limit(2)))
        if len(found) == 1:
            return found[0]
    by_name = select(DocumentRow).where(DocumentRow.name == key)
    return session.scalars(by_name.order_by(DocumentRow.superseded_by.is_not(None), DocumentRow.version.desc())
                           .limit(1)).first()


def get_document(session: Session, key: str) -> DocumentDetail | None:
    """A document with its canonical text, or None."""
    row = find_document(session, key)
    if row is None:
        return None
    text = session.scalar(select(DocumentText.text).where(DocumentText.sha256 == row.sha256)) or ""
    out = _doc_out(row, statement_counts(session, [row.sha256]).get(row.sha256, 0))
    return DocumentDetail(**out.model_dump(), text=text)


def statements(
    session: Session, *, doc: str | None = None, region: str | None = None, canonical: str | None = None,
    indicator: str | None = None, kind: str | None = None, period: str | None = None,
    measure: str | None = None, q: str | None = None, limit: int = 100, offset: int = 0,
    include_superseded: bool = False,
) -> tuple[list[StatementOut], int]:
    """Statements filtered by field; ``indicator`` and ``q`` match part of the name / quoted text."""
    query = select(StatementRow, DocumentRow.region).join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
    if doc:
        found = find_document(session, doc)
        query = query.where(StatementRow.doc_sha == (found.sha256 if found else doc))
    elif not include_superseded:
        query = query.where(DocumentRow.superseded_by.is_(None))
    if region:
        query = query.where(or_(DocumentRow.region == region, DocumentRow.region.like(region + "%")))
    if canonical:
        query = query.where(StatementRow.canonical == canonical)
    if indicator:
        query = query.where(StatementRow.indicator.like(_like(indicator), escape="\\"))
    for column, value in ((StatementRow.kind, kind), (StatementRow.period, period),
                          (StatementRow.measure, measure)):
        if value:
            query = query.where(column == value)
    if q:
        pattern = _like(q)
        query = query.where(or_(StatementRow.indicator.like(pattern, escape="\\"),
                                StatementRow.text.like(pattern, escape="\\"),
                                StatementRow.canonical.like(pattern, escape="\\")))
    total = _count(session, query)
    query = query.order_by(StatementRow.doc_sha, StatementRow.start, StatementRow.id)
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return [statement_out(st, reg) for st, reg in rows], total


def _doc_shas_by_name(session: Session, names: set[str]) -> dict[str, str]:
    """The current version's hash of each document name."""
    if not names:
        return {}
    rows = session.execute(
        select(DocumentRow.name, DocumentRow.sha256).where(DocumentRow.name.in_(names))
        .order_by(DocumentRow.superseded_by.is_not(None).desc(), DocumentRow.version)
    )
    return {name: sha for name, sha in rows}  # the last one wins: current, highest version


def judgements(
    session: Session, *, region: str | None = None, period: str | None = None, status: str | None = None,
    canonical: str | None = None, indicator: str | None = None, doc: str | None = None,
    limit: int = 100, offset: int = 0,
) -> tuple[list[JudgementOut], int]:
    """Judged targets with their evidence, filtered like ``planwatch targets``."""
    query = select(JudgementRow)
    if region:
        query = query.where(or_(JudgementRow.region == region, JudgementRow.region.like(region + "%")))
    for column, value in ((JudgementRow.period, period), (JudgementRow.status, status),
                          (JudgementRow.canonical, canonical)):
        if value:
            query = query.where(column == value)
    if indicator:
        query = query.where(JudgementRow.indicator.like(_like(indicator), escape="\\"))
    if doc:
        found = find_document(session, doc)
        ids = select(StatementRow.id).where(StatementRow.doc_sha == (found.sha256 if found else doc))
        query = query.where(or_(JudgementRow.statement_id.in_(ids), JudgementRow.doc == (found.name if found
                                                                                           else doc)))
    total = _count(session, query)
    query = query.order_by(JudgementRow.region, JudgementRow.period, JudgementRow.doc, JudgementRow.start,
                           JudgementRow.id)
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    return _judgements_out(session, rows), total


def _judgements_out(session: Session, rows: list[JudgementRow]) -> list[JudgementOut]:
    by_judgement: dict[str, list[EvidenceRow]] = defaultdict(list)
    if rows:
        ev_rows = session.scalars(select(EvidenceRow).where(EvidenceRow.judgement_id.in_([r.id for r in rows]))
                                  .order_by(EvidenceRow.judgement_id, EvidenceRow.idx))
        for ev in ev_rows:
            by_judgement[ev.judgement_id].append(ev)
    stmt_ids = {r.statement_id for r in rows if r.statement_id}
    stmt_ids |= {e.statement_id for evs in by_judgement.values() for e in evs if e.statement_id}
    sha_of: dict[str, str] = {}
    if stmt_ids:
        sha_of = dict(session.execute(select(StatementRow.id, StatementRow.doc_sha)
                                      .where(StatementRow.id.in_(stmt_ids))).all())
    names = {r.doc for r in rows} | {e.doc for evs in by_judgement.values() for e in evs}
    by_name = _doc_shas_by_name(session, names)

    def sha(statement_id: str | None, name: str) -> str | None:
        return sha_of.get(statement_id or "") or by_name.get(name)

    out = []
    for r in rows:
        target: dict[str, Any] = r.target if isinstance(r.target, dict) else {}
        evidence = [EvidenceOut(role=e.role, region=e.region, doc=e.doc, doc_sha=sha(e.statement_id, e.doc),
                                statement_id=e.statement_id if e.statement_id in sha_of else None,
                                start=e.start, end=e.end, text=e.text, value=e.value, period=e.period,
                                kind=e.kind) for e in by_judgement.get(r.id, [])]
        value = target.get("value")
        out.append(JudgementOut(
            id=r.id, statement_id=r.statement_id if r.statement_id in sha_of else None, doc=r.doc,
            doc_sha=sha(r.statement_id, r.doc), start=r.start, end=r.end, text=r.text, indicator=r.indicator,
            canonical=r.canonical, region=r.region, period=r.period, status=r.status, reason=r.reason or "",
            value=float(value) if isinstance(value, int | float) else None, unit=target.get("unit"),
            comparator=target.get("comparator"), measure=target.get("measure"), evidence=evidence,
        ))
    return out


def status_counts(session: Session, region: str | None = None) -> dict[str, dict[str, int]]:
    """Targets per status, per region (``None`` region under the empty key)."""
    query = select(JudgementRow.region, JudgementRow.status, func.count()).group_by(
        JudgementRow.region, JudgementRow.status)
    if region:
        query = query.where(or_(JudgementRow.region == region, JudgementRow.region.like(region + "%")))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for reg, status, n in session.execute(query):
        out[reg or ""][status] = int(n)
    return dict(out)


def regions(session: Session) -> list[RegionOut]:
    """Every region that has documents or targets, with counts, parents before children."""
    docs = dict(session.execute(select(DocumentRow.region, func.count()).where(DocumentRow.superseded_by.is_(None))
                                .group_by(DocumentRow.region)).all())
    counts = status_counts(session)
    known = {r.name: r for r in session.scalars(select(Region))}
    names = {n for n in docs if n} | {n for n in counts if n} | set(known)
    out = []
    for name in sorted(names):
        row = known.get(name)
        out.append(RegionOut(name=name, parent=row.parent if row else None, level=row.level if row else None,
                             documents=int(docs.get(name, 0)), targets=counts.get(name, {})))
    return out


def indicators(session: Session) -> list[IndicatorOut]:
    """The canonical indicators (with statement counts), then the most frequent unmapped names."""
    counts = dict(session.execute(select(StatementRow.canonical, func.count()).where(
        StatementRow.canonical.is_not(None)).group_by(StatementRow.canonical)).all())
    out = [IndicatorOut(key=r.id, name=r.name, measure=r.measure, unit=r.unit, better=r.better,
                        statements=int(counts.get(r.id, 0)))
           for r in session.scalars(select(IndicatorRow).order_by(IndicatorRow.id))]
    seen = {i.key for i in out}
    out += [IndicatorOut(key=k, name=k, statements=int(n)) for k, n in counts.items() if k not in seen]
    return out


def indicator(session: Session, key: str) -> IndicatorOut | None:
    """A canonical indicator by id, else an indicator name seen in statements."""
    row = session.get(IndicatorRow, key)
    if row is not None:
        n = session.scalar(select(func.count()).where(StatementRow.canonical == key)) or 0
        return IndicatorOut(key=row.id, name=row.name, measure=row.measure, unit=row.unit, better=row.better,
                            statements=int(n))
    n = session.scalar(select(func.count()).where(StatementRow.canonical == key)) or 0
    if n:
        return IndicatorOut(key=key, name=key, statements=int(n))
    n = session.scalar(select(func.count()).where(StatementRow.indicator == key)) or 0
    return IndicatorOut(key=key, name=key, canonical=False, statements=int(n)) if n else None


def series(session: Session, key: str, *, region: str | None = None, limit: int = 2000) -> SeriesOut | None:
    """Every figure of one indicator across periods and regions (current documents only)."""
    ind = indicator(session, key)
    if ind is None:
        return None
    column = StatementRow.canonical if ind.canonical else StatementRow.indicator
    query = (select(StatementRow, DocumentRow.region).join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
             .where(column == key, DocumentRow.superseded_by.is_(None)))
    if region:
        query = query.where(or_(DocumentRow.region == region, DocumentRow.region.like(region + "%")))
    query = query.order_by(DocumentRow.region, StatementRow.period, StatementRow.kind, StatementRow.id)
    points = [SeriesPoint(region=reg, period=st.period, kind=st.kind, measure=st.measure, value=st.value,
                          unit=st.unit, comparator=st.comparator, doc=st.doc, doc_sha=st.doc_sha,
                          statement_id=st.id, start=st.start, end=st.end, text=st.text)
              for st, reg in session.execute(query.limit(limit))]
    return SeriesOut(indicator=ind, points=points)
