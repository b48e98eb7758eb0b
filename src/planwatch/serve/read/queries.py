"""Read queries the dashboard and the API need, on top of the store's SQLAlchemy models.

They return the API's pydantic shapes (``schemas``). Only current document versions
(``superseded_by`` null) are listed unless asked otherwise; a superseded version can
still be opened by its hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, tuple_
from sqlalchemy.orm import Session

from planwatch.review.facts import given_of
from planwatch.serve.read import corrected, keyset, quotes
from planwatch.serve.read.common import count, find_document, like, statement_out, within
from planwatch.serve.read.search import SHORT_STATEMENTS, is_short, statement_ids_matching
from planwatch.serve.read.targets import judgement_cursor, judgements, regions, status_counts
from planwatch.serve.schemas import (
    DocumentDetail,
    DocumentOut,
    IndicatorOut,
    SeriesOut,
    StatementOut,
)
from planwatch.store.schema import (
    DocumentRow,
    DocumentText,
    IndicatorRow,
    Region,
    StatementRow,
)


def _doc_out(row: DocumentRow, statements: int = 0, name: quotes.Named | None = None) -> DocumentOut:
    return DocumentOut(
        title=name.title if name else row.name,
        title_from=name.title_from if name else "file",
        date=name.date if name else (row.delivered or row.published),
        sha256=row.sha256,
        name=row.name,
        region=row.region,
        kind=row.kind,
        delivered=row.delivered,
        published=row.published,
        reviews=[str(p) for p in row.reviews or []],
        plans=[str(p) for p in row.plans or []],
        format=row.format,
        length=row.length,
        version=row.version,
        superseded_by=row.superseded_by,
        statements=statements,
        unsure=[str(u) for u in row.unsure or []],
        given=given_of(row.meta or {}),
    )


__all__ = [
    "document_cursor",
    "find_document",
    "get_document",
    "indicator",
    "indicators",
    "judgement_cursor",
    "judgements",
    "list_documents",
    "region_names",
    "regions",
    "series",
    "statement_counts",
    "statement_cursor",
    "statement_out",
    "statements",
    "status_counts",
]


def statement_counts(session: Session, shas: Sequence[str]) -> dict[str, int]:
    """How many (corrected) statements each of the documents ``shas`` holds."""
    if not shas:
        return {}
    rows = session.execute(
        select(StatementRow.doc_sha, func.count())
        .where(StatementRow.doc_sha.in_(shas))
        .group_by(StatementRow.doc_sha)
    )
    return corrected.corrected_counts(session, shas, {sha: int(n) for sha, n in rows})


def list_documents(
    session: Session,
    *,
    region: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    include_superseded: bool = False,
    after: str | None = None,
) -> tuple[list[DocumentOut], int]:
    """Documents, newest first (by delivered/published date), with their statement counts.

    ``after``: a cursor of :func:`document_cursor` (keyset pagination; ``offset`` is then ignored).
    """
    query = select(DocumentRow)
    if not include_superseded:
        query = query.where(DocumentRow.superseded_by.is_(None))
    if region:
        query = query.where(within(session, DocumentRow.region, region))
    if kind:
        query = query.where(DocumentRow.kind == kind)
    if q:
        query = query.where(DocumentRow.name.like(like(q), escape="\\"))
    total = count(session, query)
    # a literal '' (not a bound parameter), so the expression is the one of ix_documents_listing
    date = func.coalesce(DocumentRow.delivered, DocumentRow.published, literal_column("''"))
    if after is not None:
        d, name, sha = keyset.decode(after, (str, str, str))
        # date <= d is the index range; the rest drops the rows of that date already shown
        query = query.where(
            date <= d,
            or_(date < d, and_(date == d, tuple_(DocumentRow.name, DocumentRow.sha256) > (name, sha))),
        )
        offset = 0
    query = query.order_by(date.desc(), DocumentRow.name, DocumentRow.sha256).limit(limit).offset(offset)
    rows = list(session.scalars(query))
    counts = statement_counts(session, [r.sha256 for r in rows])
    named = quotes.titles(session, rows)
    return [_doc_out(r, counts.get(r.sha256, 0), named.get(r.sha256)) for r in rows], total


def region_names(session: Session) -> list[str]:
    """Every region's name, sorted (for a choice of region: no counting, unlike :func:`regions`)."""
    names = set(session.scalars(select(Region.name)))
    names |= {r for r in session.scalars(select(DocumentRow.region).distinct()) if r}
    return sorted(names)


def document_cursor(doc: DocumentOut) -> str:
    """The cursor of the documents listed after ``doc`` (:func:`list_documents`)."""
    return keyset.encode([doc.delivered or doc.published or "", doc.name, doc.sha256])


def statement_cursor(st: StatementOut) -> str:
    """The cursor of the statements listed after ``st`` (:func:`statements`)."""
    return keyset.encode(list(corrected.order_key(st)))


def get_document(session: Session, key: str) -> DocumentDetail | None:
    """A document with its canonical text, or None."""
    row = find_document(session, key)
    if row is None:
        return None
    text = session.scalar(select(DocumentText.text).where(DocumentText.sha256 == row.sha256)) or ""
    out = _doc_out(row, statement_counts(session, [row.sha256]).get(row.sha256, 0), quotes.named(row, text))
    return DocumentDetail(**out.model_dump(), text=text)


#: The order of statement listings (``ix_statements_listing``).
LISTING = (StatementRow.doc_sha, StatementRow.start, StatementRow.id)


def _statement_filters(
    session: Session,
    query: Any,
    canonical: str | None,
    indicator: str | None,
    kind: str | None,
    period: str | None,
    measure: str | None,
    q: str | None,
) -> Any:
    """``query`` (over statements) narrowed by the statement-level filters of :func:`statements`."""
    if canonical:
        query = query.where(StatementRow.canonical == canonical)
    if indicator:
        query = query.where(StatementRow.indicator.like(like(indicator), escape="\\"))
    for column, value in (
        (StatementRow.kind, kind),
        (StatementRow.period, period),
        (StatementRow.measure, measure),
    ):
        if value:
            query = query.where(column == value)
    matching = statement_ids_matching(session, q) if q else None
    if matching is not None:
        query = query.where(StatementRow.id.in_(matching))
    elif q:
        if is_short(q):  # no index serves it: test the first statements of the listing only
            ids = query.with_only_columns(StatementRow.id).order_by(*LISTING).limit(SHORT_STATEMENTS)
            query = query.where(StatementRow.id.in_(ids.scalar_subquery()))
        pattern = like(q)
        query = query.where(
            or_(
                StatementRow.indicator.like(pattern, escape="\\"),
                StatementRow.text.like(pattern, escape="\\"),
                StatementRow.canonical.like(pattern, escape="\\"),
            )
        )
    return query


def _statement_query(
    session: Session, doc: str | None, region: str | None, include_superseded: bool
) -> tuple[list[Any], Any]:
    """The conditions on documents in scope, and the query over their statements (with the region)."""
    in_scope: list[Any] = []
    if doc:
        found = find_document(session, doc)
        in_scope.append(DocumentRow.sha256 == (found.sha256 if found else doc))
    elif not include_superseded:
        in_scope.append(DocumentRow.superseded_by.is_(None))
    if region:
        in_scope.append(within(session, DocumentRow.region, region))
    query = (
        select(StatementRow, DocumentRow.region)
        .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
        .where(*in_scope)
    )
    return in_scope, query


#: The columns of a plain statement record (:func:`statement_records`).
RECORD_COLUMNS: tuple[str, ...] = (
    "doc", "start", "end", "text", "indicator", "canonical", "value", "unit", "comparator", "kind",
    "measure", "direction", "period", "doc_sha", "id",
)


def statement_records(
    session: Session,
    *,
    doc: str | None = None,
    region: str | None = None,
    canonical: str | None = None,
    indicator: str | None = None,
    kind: str | None = None,
    period: str | None = None,
    measure: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]] | None:
    """Like :func:`statements` (same filters and order), plain dicts read straight from SQL, without
    counting — for exports. None when the store holds corrections: then use :func:`statements`."""
    if corrected.any_corrections(session):
        return None
    _, query = _statement_query(session, doc, region, False)
    query = _statement_filters(session, query, canonical, indicator, kind, period, measure, q)
    columns = [getattr(StatementRow, c) for c in RECORD_COLUMNS]
    query = query.with_only_columns(*columns, DocumentRow.region)
    query = query.order_by(StatementRow.doc_sha, StatementRow.start, StatementRow.id)
    query = query.limit(limit).offset(offset)
    names = (*RECORD_COLUMNS, "region")
    return [dict(zip(names, row, strict=True)) for row in session.execute(query)]


def statements(
    session: Session,
    *,
    doc: str | None = None,
    region: str | None = None,
    canonical: str | None = None,
    indicator: str | None = None,
    kind: str | None = None,
    period: str | None = None,
    measure: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
    include_superseded: bool = False,
    after: str | None = None,
) -> tuple[list[StatementOut], int]:
    """Corrected statements filtered by field; ``indicator`` and ``q`` match part of the name / quoted text.

    Machine statements come straight from SQL, less those corrections consumed; the statements
    people settled are merged in, in the same order (:mod:`planwatch.serve.read.corrected`).
    ``after``: a cursor of :func:`statement_cursor` (keyset pagination; ``offset`` is then ignored).
    """
    in_scope, query = _statement_query(session, doc, region, include_superseded)
    query = _statement_filters(session, query, canonical, indicator, kind, period, measure, q)
    order = (StatementRow.doc_sha, StatementRow.start, StatementRow.id)
    if after is not None:
        key = keyset.decode(after, (str, int, str))
        return _statements_after(
            session, query, in_scope, order, key, limit, canonical, indicator, kind, period, measure, q
        )
    if not corrected.any_corrections(session):
        total = count(session, query)
        rows = session.execute(query.order_by(*order).limit(limit).offset(offset)).all()
        return [statement_out(st, reg) for st, reg in rows], total
    keep = corrected.predicate(
        canonical=canonical, indicator=indicator, kind=kind, period=period, measure=measure, q=q
    )
    consumed, settled = corrected.settle(session, in_scope, keep)
    kept = corrected.without(query, consumed)
    # counting all rows less the consumed ones that match is far cheaper than counting ``kept``
    n_sql = count(session, query) - corrected.count_among(session, query, consumed)

    def fetch(start: int, n: int) -> list[StatementOut]:
        rows = session.execute(kept.order_by(*order).limit(n).offset(start)).all()
        return [statement_out(st, reg) for st, reg in rows]

    return corrected.merge_page(fetch, n_sql, settled, offset, limit), n_sql + len(settled)


def _statements_after(
    session: Session, query: Any, in_scope: list[Any], order: tuple[Any, ...], key: tuple[Any, ...],
    limit: int, *filters: str | None,
) -> tuple[list[StatementOut], int]:
    """The page of :func:`statements` after ``key``: SQL rows past it merged with settled ones past it."""
    later = query.where(keyset.after_ascending(order, key))
    if not corrected.any_corrections(session):
        rows = session.execute(later.order_by(*order).limit(limit)).all()
        return [statement_out(st, reg) for st, reg in rows], count(session, query)
    canonical, indicator, kind, period, measure, q = filters
    keep = corrected.predicate(
        canonical=canonical, indicator=indicator, kind=kind, period=period, measure=measure, q=q
    )
    consumed, settled = corrected.settle(session, in_scope, keep)
    n_sql = count(session, query) - corrected.count_among(session, query, consumed)
    rows = session.execute(corrected.without(later, consumed).order_by(*order).limit(limit)).all()
    mine = [statement_out(st, reg) for st, reg in rows]
    theirs = [st for st in settled if corrected.order_key(st) > key]
    return sorted(mine + theirs, key=corrected.order_key)[:limit], n_sql + len(settled)


def indicators(session: Session) -> list[IndicatorOut]:
    """The canonical indicators (with statement counts), then the most frequent unmapped names."""
    counts = dict(
        session.execute(
            select(StatementRow.canonical, func.count())
            .where(StatementRow.canonical.is_not(None))
            .group_by(StatementRow.canonical)
        ).all()
    )
    out = [
        IndicatorOut(
            key=r.id,
            name=r.name,
            measure=r.measure,
            unit=r.unit,
            better=r.better,
            statements=int(counts.get(r.id, 0)),
        )
        for r in session.scalars(select(IndicatorRow).order_by(IndicatorRow.id))
    ]
    seen = {i.key for i in out}
    out += [
        IndicatorOut(key=str(k), name=str(k), statements=int(n)) for k, n in counts.items() if k not in seen
    ]
    return out


def indicator(session: Session, key: str) -> IndicatorOut | None:
    """A canonical indicator by id, else an indicator name seen in statements."""
    row = session.get(IndicatorRow, key)
    if row is not None:
        n = session.scalar(select(func.count()).where(StatementRow.canonical == key)) or 0
        return IndicatorOut(
            key=row.id,
            name=row.name,
            measure=row.measure,
            unit=row.unit,
            better=row.better,
            statements=int(n),
        )
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
    fields: tuple[str, ...] = ("period", "kind", "measure", "value", "unit", "comparator", "doc", "doc_sha")
    fields += ("start", "end", "text")
    query = (
        select(DocumentRow.region, StatementRow.id, *(getattr(StatementRow, f) for f in fields))
        .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
        .where(column == key, DocumentRow.superseded_by.is_(None))
    )
    if region:
        query = query.where(within(session, DocumentRow.region, region))
    query = query.order_by(DocumentRow.region, StatementRow.period, StatementRow.kind, StatementRow.id)
    # plain rows validated in one call: the heaviest list the app returns
    points = [
        {"region": row[0], "statement_id": row[1], **dict(zip(fields, row[2:], strict=True))}
        for row in session.execute(query.limit(limit))
    ]
    return SeriesOut.model_validate({"indicator": ind, "points": points})


def series_summary(
    session: Session, key: str, *, column_is_canonical: bool, region: str | None = None
) -> tuple[list[tuple[str | None, str, str, str, float]], int]:
    """The distinct (region, kind, unit, period, value) figures of an indicator, and how many statements."""
    column = StatementRow.canonical if column_is_canonical else StatementRow.indicator
    base = (
        select(
            DocumentRow.region, StatementRow.kind, StatementRow.unit, StatementRow.period, StatementRow.value
        )
        .join(DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
        .where(column == key, DocumentRow.superseded_by.is_(None))
    )
    if region:
        base = base.where(within(session, DocumentRow.region, region))
    total = count(session, base)
    rows = [
        (r[0], r[1], r[2], r[3], float(r[4]))
        for r in session.execute(base.distinct().order_by(*base.selected_columns))
    ]
    return rows, total
