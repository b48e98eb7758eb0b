"""Read queries about judged targets and regions, on top of the store's SQLAlchemy models."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planwatch.serve.read import keyset, quotes
from planwatch.serve.read.common import count, find_document, like, within
from planwatch.serve.schemas import EvidenceOut, JudgementOut, RegionOut
from planwatch.store.judgements import status_counts as store_status_counts
from planwatch.store.schema import DocumentRow, EvidenceRow, JudgementRow, Region, StatementRow


def _doc_shas_by_name(session: Session, names: set[str]) -> dict[str, str]:
    """The current version's hash of each document name."""
    if not names:
        return {}
    rows = session.execute(
        select(DocumentRow.name, DocumentRow.sha256)
        .where(DocumentRow.name.in_(names))
        .order_by(DocumentRow.superseded_by.is_not(None).desc(), DocumentRow.version)
    )
    return {name: sha for name, sha in rows}  # the last one wins: current, highest version


def judgements(
    session: Session,
    *,
    region: str | None = None,
    period: str | None = None,
    status: str | None = None,
    canonical: str | None = None,
    indicator: str | None = None,
    doc: str | None = None,
    limit: int = 100,
    offset: int = 0,
    after: str | None = None,
) -> tuple[list[JudgementOut], int]:
    """Judged targets with their evidence, filtered like ``planwatch targets``.

    ``after``: a cursor of :func:`judgement_cursor` (keyset pagination; ``offset`` is then ignored).
    """
    query = select(JudgementRow)
    if region:
        query = query.where(within(session, JudgementRow.region, region))
    for column, value in (
        (JudgementRow.period, period),
        (JudgementRow.status, status),
        (JudgementRow.canonical, canonical),
    ):
        if value:
            query = query.where(column == value)
    if indicator:
        query = query.where(JudgementRow.indicator.like(like(indicator), escape="\\"))
    if doc:
        found = find_document(session, doc)
        # the ids as values, not a subquery: both sides of the OR are then index scans (a BitmapOr);
        # with the subquery PostgreSQL guessed half the table and walked the listing index
        ids = list(session.scalars(
            select(StatementRow.id).where(StatementRow.doc_sha == (found.sha256 if found else doc))
        ))
        query = query.where(
            or_(JudgementRow.statement_id.in_(ids), JudgementRow.doc == (found.name if found else doc))
        )
    total = count(session, query)
    if after is not None:
        key = keyset.decode(after, ((str, type(None)), str, str, int, str))
        rest = (JudgementRow.period, JudgementRow.doc, JudgementRow.start, JudgementRow.id)
        dialect = session.get_bind().dialect.name
        query = query.where(keyset.after_nullable_first(dialect, JudgementRow.region, rest, key))
        offset = 0
    query = query.order_by(
        JudgementRow.region, JudgementRow.period, JudgementRow.doc, JudgementRow.start, JudgementRow.id
    )
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    return _judgements_out(session, rows), total


def judgement_cursor(j: JudgementOut) -> str:
    """The cursor of the targets listed after ``j`` (:func:`judgements`)."""
    return keyset.encode([j.region, j.period, j.doc, j.start, j.id])


def _judgements_out(session: Session, rows: list[JudgementRow]) -> list[JudgementOut]:
    by_judgement: dict[str, list[EvidenceRow]] = defaultdict(list)
    if rows:
        ev_rows = session.scalars(
            select(EvidenceRow)
            .where(EvidenceRow.judgement_id.in_([r.id for r in rows]))
            .order_by(EvidenceRow.judgement_id, EvidenceRow.idx)
        )
        for ev in ev_rows:
            by_judgement[ev.judgement_id].append(ev)
    stmt_ids = {r.statement_id for r in rows if r.statement_id}
    stmt_ids |= {e.statement_id for evs in by_judgement.values() for e in evs if e.statement_id}
    sha_of: dict[str, str] = {}
    if stmt_ids:
        sha_of = dict(
            session.execute(
                select(StatementRow.id, StatementRow.doc_sha).where(StatementRow.id.in_(stmt_ids))
            ).all()
        )
    names = {r.doc for r in rows} | {e.doc for evs in by_judgement.values() for e in evs}
    by_name = _doc_shas_by_name(session, names)

    def sha(statement_id: str | None, name: str) -> str | None:
        return sha_of.get(statement_id or "") or by_name.get(name)

    shas = {sha(r.statement_id, r.doc) for r in rows}
    shas |= {sha(e.statement_id, e.doc) for evs in by_judgement.values() for e in evs}
    shas.discard(None)
    named = quotes.titles_of(session, shas)  # type: ignore[arg-type]
    figures = [(sha(r.statement_id, r.doc), r.start, r.end) for r in rows]
    figures += [(sha(e.statement_id, e.doc), e.start, e.end) for evs in by_judgement.values() for e in evs]
    texts = quotes.windows(session, figures)
    spans = quotes.sentence_spans(session, stmt_ids)

    def source(statement_id: str | None, name: str, start: int, end: int) -> dict[str, Any]:
        """The sentence quoted and the document's title and date."""
        key = sha(statement_id, name)
        sentence, at = quotes.quoted(texts, spans, key, statement_id, start, end)
        doc = named.get(key or "")
        return {"sentence": sentence, "sentence_start": at,
                "doc_title": doc.title if doc else None, "doc_date": doc.date if doc else None}

    out = []
    for r in rows:
        target: dict[str, Any] = r.target if isinstance(r.target, dict) else {}
        evidence = [
            EvidenceOut(
                role=e.role,
                region=e.region,
                doc=e.doc,
                doc_sha=sha(e.statement_id, e.doc),
                statement_id=e.statement_id if e.statement_id in sha_of else None,
                start=e.start,
                end=e.end,
                text=e.text,
                value=e.value,
                period=e.period,
                kind=e.kind,
                **source(e.statement_id, e.doc, e.start, e.end),
            )
            for e in by_judgement.get(r.id, [])
        ]
        value = target.get("value")
        out.append(
            JudgementOut(
                id=r.id,
                statement_id=r.statement_id if r.statement_id in sha_of else None,
                doc=r.doc,
                doc_sha=sha(r.statement_id, r.doc),
                start=r.start,
                end=r.end,
                text=r.text,
                indicator=r.indicator,
                canonical=r.canonical,
                region=r.region,
                period=r.period,
                status=r.status,
                reason=r.reason or "",
                value=float(value) if isinstance(value, int | float) else None,
                unit=target.get("unit"),
                comparator=target.get("comparator"),
                measure=target.get("measure"),
                evidence=evidence,
                **source(r.statement_id, r.doc, r.start, r.end),
            )
        )
    return out


def status_counts(session: Session, region: str | None = None) -> dict[str, dict[str, int]]:
    """Targets per status, per region (``None`` region under the empty key): ``{region: {status: n}}``.

    The read model of the overview and region pages (and the API's region list): read from the
    counts kept with the judgements (``region_status_counts``, replaced with each region's
    judgements by ``planwatch track``), never counted over the judgements table. ``region``: that
    region and the regions below it (by name prefix). Name and shape are stable.
    """
    return store_status_counts(session, region)


def _as_of(name: str, latest: Mapping[Any, Any]) -> str | None:
    """截至: the latest date among the documents of region ``name`` and the regions under it
    (names it prefixes, as the region's target lists count them) — never another region's date."""
    dates = [d for reg, d in latest.items() if d and reg and reg.startswith(name)]
    return max(dates, default=None)


def regions(session: Session) -> list[RegionOut]:
    """Every region that has documents or targets, with counts, parents before children."""
    docs = dict(
        session.execute(
            select(DocumentRow.region, func.count())
            .where(DocumentRow.superseded_by.is_(None))
            .group_by(DocumentRow.region)
        ).all()
    )
    counts = status_counts(session)
    latest = dict(
        session.execute(
            select(DocumentRow.region, func.max(func.coalesce(DocumentRow.delivered, DocumentRow.published)))
            .where(DocumentRow.superseded_by.is_(None))
            .group_by(DocumentRow.region)
        ).all()
    )
    known = {r.name: r for r in session.scalars(select(Region))}
    names = {n for n in docs if n} | {n for n in counts if n} | set(known)
    out = []
    for name in sorted(names):
        row = known.get(name)
        out.append(
            RegionOut(
                name=name,
                parent=row.parent if row else None,
                level=row.level if row else None,
                documents=int(docs.get(name, 0)),
                targets=counts.get(name, {}),
                as_of=_as_of(name, latest),
            )
        )
    return out
