"""What the other stages call to write and read the store.

Every function takes an open :class:`~sqlalchemy.orm.Session`; the caller owns
the transaction (``with db.transaction(engine) as s: ...``), so that one
document is stored whole or not at all.

Documents are keyed by the SHA-256 of their file. Saving a hash already stored
changes nothing; saving a new hash for a source already stored adds a new
version and marks the older one ``superseded_by`` it. Queries return the
current versions unless asked for all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from planwatch.headline import headline_indicators, read_headline
from planwatch.model import Document, DocumentFacts, Statement, Structure
from planwatch.pipeline import Processed
from planwatch.store import dirty, records
from planwatch.store.bulk import Outcome, rows_of, save_rows
from planwatch.store.judgements import judgements, save_judgements
from planwatch.store.schema import (
    DocumentRow,
    DocumentText,
    IndicatorName,
    IndicatorRow,
    Region,
    SectionRow,
    StatementRow,
)
from planwatch.store.sql import bulk_insert, insert_ignore, where_equal
from planwatch.structure.regions import hierarchy

__all__ = [
    "StoredDocument", "StoredStatement", "document_sha", "ensure_indicators", "find_statements",
    "get_document", "get_structure", "indicator_names", "indicators", "judgements", "list_documents",
    "load_processed", "regions", "replace_extraction", "save_judgements", "save_processed",
    "statements", "subregions",
]




@dataclass(frozen=True)
class StoredDocument:
    """A stored document version, without its text."""

    sha256: str
    name: str
    source: str
    version: int
    superseded_by: str | None
    format: str
    length: int
    facts: DocumentFacts


@dataclass(frozen=True)
class StoredStatement:
    """A stored statement with its row id, its document's hash and its document's region."""

    id: str
    doc_sha: str
    region: str | None
    statement: Statement


# ---------------------------------------------------------------- writing


def _save_regions(session: Session, name: str | None) -> None:
    """Store ``name`` and the regions above it (those not stored yet), parents first."""
    if not name:
        return
    chain = hierarchy(name)
    known = set(session.scalars(select(Region.name).where(Region.name.in_([r.name for r in chain]))))
    for r in chain:  # one by one: each references the one before
        if r.name not in known:
            insert_ignore(session, Region, [{"name": r.name, "parent": r.parent, "level": r.level,
                                             "adcode": r.adcode}], ["name"])


def _save_extraction(session: Session, sha: str, structure: Structure,
                     statements: Sequence[Statement]) -> None:
    srows = records.section_rows(sha, structure.sections)
    if srows:
        bulk_insert(session, SectionRow, srows)
    strows = records.statement_rows(sha, statements)
    if strows:
        bulk_insert(session, StatementRow, strows)
    names = sorted({(s.indicator, s.canonical or "") for s in statements})
    insert_ignore(session, IndicatorName, [{"name": n, "canonical": c} for n, c in names],
                  ["name", "canonical"])


def document_sha(doc: Document) -> str:
    """The key a document is stored under: its file's hash, or the hash of its text."""
    return doc.sha256 or records.text_sha256(doc.text)


def save_processed(session: Session, processed: Processed) -> Outcome:
    """Store a processed document: ``new``, ``unchanged`` (hash already stored) or ``updated``
    (:func:`planwatch.store.bulk.save_rows` with a batch of one)."""
    return save_rows(session, [rows_of(processed)])[0]


def replace_extraction(session: Session, processed: Processed) -> None:
    """Replace a stored document's facts, sections and statements (``--reextract``).

    Judgements whose target was one of the old statements go with it: run tracking again.
    """
    sha = document_sha(processed.document)
    if session.get(DocumentRow, sha) is None:
        raise KeyError(sha)
    _save_regions(session, processed.structure.facts.region)
    before = session.scalar(select(DocumentRow.region).where(DocumentRow.sha256 == sha))
    dirty.mark(session, [before, processed.structure.facts.region])
    session.execute(update(DocumentRow).where(DocumentRow.sha256 == sha)
                    .values(**records.structure_fields(processed.structure)))
    session.execute(delete(SectionRow).where(SectionRow.doc_sha == sha))
    session.execute(delete(StatementRow).where(StatementRow.doc_sha == sha))
    _save_extraction(session, sha, processed.structure, processed.statements)
    session.flush()


def ensure_indicators(session: Session, path: Path | None = None) -> int:
    """Load the canonical indicator list (``indicators.tsv``) into the store; returns its size."""
    rows = read_headline(path) if path is not None else headline_indicators()
    wanted: dict[str, dict[str, Any]] = {
        r.id: {"id": r.id, "name": r.name, "measure": r.measure, "unit": r.unit, "better": r.better,
               "synonyms": list(r.synonyms)}
        for r in rows
    }
    have = {r.id: r for r in session.scalars(select(IndicatorRow))}
    changed = bool(set(have) ^ set(wanted))
    for key, rec in wanted.items():
        row = have.get(key)
        if row is None:
            session.add(IndicatorRow(**rec))
        else:
            for field, value in rec.items():
                if getattr(row, field) != value:
                    setattr(row, field, value)
                    changed = True
    for key in set(have) - set(wanted):
        session.delete(have[key])
    if changed and have:  # other indicators: every region is judged again
        dirty.mark(session, session.scalars(select(DocumentRow.region).distinct()))
    session.flush()
    return len(wanted)


# ---------------------------------------------------------------- reading


def _stored(row: DocumentRow) -> StoredDocument:
    return StoredDocument(row.sha256, row.name, row.source, row.version, row.superseded_by,
                          row.format, row.length, records.facts_from_row(row))


def _region_clause(stmt: Any, region: str | None, within: bool) -> Any:
    if region is None:
        return stmt
    if within:
        return stmt.where(DocumentRow.region.startswith(region, autoescape=True))
    return stmt.where(DocumentRow.region == region)


def list_documents(session: Session, *, region: str | None = None, within: bool = False,
                   include_superseded: bool = False) -> list[StoredDocument]:
    """Stored documents (current versions unless ``include_superseded``), by name then version."""
    stmt = select(DocumentRow)
    if not include_superseded:
        stmt = stmt.where(DocumentRow.superseded_by.is_(None))
    stmt = _region_clause(stmt, region, within)
    stmt = stmt.order_by(DocumentRow.name, DocumentRow.version, DocumentRow.sha256)
    return [_stored(r) for r in session.scalars(stmt)]


def _document_row(session: Session, key: str) -> DocumentRow | None:
    """A document by hash, or by name (its current version; the first by source when several)."""
    row = session.get(DocumentRow, key)
    if row is not None:
        return row
    stmt = (select(DocumentRow).where(DocumentRow.name == key, DocumentRow.superseded_by.is_(None))
            .order_by(DocumentRow.source).limit(1))
    return session.scalars(stmt).first()


def get_document(session: Session, key: str) -> Document | None:
    """The document (with its text) stored under hash ``key``, or the current one named ``key``."""
    row = _document_row(session, key)
    if row is None:
        return None
    text = session.get(DocumentText, row.sha256)
    assert text is not None, f"document {row.sha256} has no text"
    return records.document_from_rows(row, text)


def get_structure(session: Session, key: str) -> Structure | None:
    row = _document_row(session, key)
    if row is None:
        return None
    sections = session.scalars(select(SectionRow).where(SectionRow.doc_sha == row.sha256)
                               .order_by(SectionRow.idx))
    return records.structure_from_rows(row, sections)


def load_processed(session: Session, key: str) -> Processed | None:
    """A stored document with its structure and statements, as the pipeline gave them."""
    doc = get_document(session, key)
    structure = get_structure(session, key)
    if doc is None or structure is None:
        return None
    found = find_statements(session, doc=doc.sha256, include_superseded=True)
    return Processed(doc, structure, tuple(s.statement for s in found))


def find_statements(session: Session, *, region: str | None = None, within: bool = False,
                    canonical: str | None = None, kind: str | None = None,
                    period: str | None = None, doc: str | None = None,
                    include_superseded: bool = False) -> list[StoredStatement]:
    """Stored statements matching every filter given, by document name then span.

    ``region`` is the document's full region name (``within=True`` takes its
    sub-regions too); ``doc`` a document's hash or name.
    """
    stmt: Any = select(StatementRow, DocumentRow.region).join(
        DocumentRow, DocumentRow.sha256 == StatementRow.doc_sha)
    if not include_superseded:
        stmt = stmt.where(DocumentRow.superseded_by.is_(None))
    stmt = _region_clause(stmt, region, within)
    stmt = where_equal(
        stmt, (StatementRow.canonical, canonical), (StatementRow.kind, kind), (StatementRow.period, period))
    if doc is not None:
        stmt = stmt.where((StatementRow.doc_sha == doc) | (StatementRow.doc == doc))
    stmt = stmt.order_by(StatementRow.doc, StatementRow.doc_sha, StatementRow.start,
                         StatementRow.end, StatementRow.id)
    return [StoredStatement(row.id, row.doc_sha, reg, records.statement_from_row(row))
            for row, reg in session.execute(stmt)]


def statements(session: Session, **filters: Any) -> list[Statement]:
    """Like :func:`find_statements` (same filters), the statements alone."""
    return [s.statement for s in find_statements(session, **filters)]


def regions(session: Session) -> list[Region]:
    """Every region, outermost first."""
    stmt = select(Region).order_by(func.coalesce(Region.level, 0), Region.name)
    return list(session.scalars(stmt))


def subregions(session: Session, name: str) -> list[str]:
    """``name`` and every region below it in the hierarchy."""
    out, todo = [name], [name]
    while todo:
        children = list(session.scalars(select(Region.name).where(Region.parent.in_(todo))))
        out.extend(children)
        todo = children
    return out


def indicators(session: Session) -> list[IndicatorRow]:
    return list(session.scalars(select(IndicatorRow).order_by(IndicatorRow.id)))


def indicator_names(session: Session, canonical: str | None = None) -> list[tuple[str, str | None]]:
    """The indicator names seen in statements, with the canonical id they were given."""
    stmt = select(IndicatorName).order_by(IndicatorName.name, IndicatorName.canonical)
    stmt = where_equal(stmt, (IndicatorName.canonical, canonical))
    return [(r.name, r.canonical or None) for r in session.scalars(stmt)]


def documents_for(session: Session, shas: Iterable[str]) -> dict[str, StoredDocument]:
    keys = list(shas)
    if not keys:
        return {}
    rows = session.scalars(select(DocumentRow).where(DocumentRow.sha256.in_(keys)))
    return {r.sha256: _stored(r) for r in rows}


def document_texts(session: Session, names: Iterable[str] | None = None) -> dict[str, str]:
    """The text of every current document (or of those ``names``), by document name (what tracking's
    linker reads)."""
    stmt = (select(DocumentRow.name, DocumentText.text)
            .join(DocumentText, DocumentText.sha256 == DocumentRow.sha256)
            .where(DocumentRow.superseded_by.is_(None)))
    if names is None:
        return {name: text for name, text in session.execute(stmt)}
    wanted, out = sorted(set(names)), {}
    for i in range(0, len(wanted), 500):
        out.update({n: t for n, t in session.execute(stmt.where(DocumentRow.name.in_(wanted[i:i + 500])))})
    return out
