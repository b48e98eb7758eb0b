"""Writing many processed documents in one transaction: the rows of each, made where it was read.

:func:`rows_of` turns a :class:`~planwatch.pipeline.Processed` into :class:`DocumentRows` — the
rows of ``documents``, ``document_text``, ``sections``, ``statements`` and ``indicator_names`` —
in the process that read the file (a worker: the writer only inserts, and ~40 kB of rows travel
instead of a 95 kB ``Processed``). :func:`save_rows` stores a batch of them in the caller's
transaction with one executemany per table (``COPY`` for sections and statements on PostgreSQL
with psycopg 3), keyed by content hash exactly as ``repository.save_processed`` (which is this
function with a batch of one): a hash already stored is ``unchanged``; a new hash for a source
already stored is a new version that supersedes the current one.

:func:`mark_written` is called once per written batch, inside its transaction, with the documents
it added: the one place for work that must follow every written document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planwatch.pipeline import Processed
from planwatch.store import dirty, records
from planwatch.store.schema import (
    DocumentRow,
    DocumentText,
    IndicatorName,
    Region,
    SectionRow,
    StatementRow,
)
from planwatch.store.sql import bulk_insert, insert_ignore
from planwatch.structure.regions import hierarchy

Outcome = Literal["new", "unchanged", "updated"]


@dataclass(frozen=True)
class DocumentRows:
    """One processed document as rows ready to insert (no version yet: the writer assigns it)."""

    sha256: str
    source: str
    region: str | None
    #: ``documents`` columns except ``sha256``, ``version`` and ``superseded_by``.
    document: dict[str, Any]
    text: str
    analysis: str | None
    sections: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    names: list[tuple[str, str]]


def rows_of(processed: Processed) -> DocumentRows:
    """The rows of a processed document (what ``save_processed`` would insert)."""
    doc = processed.document
    sha = doc.sha256 or records.text_sha256(doc.text)
    return DocumentRows(
        sha256=sha, source=doc.source, region=processed.structure.facts.region,
        document={**records.document_fields(doc), **records.structure_fields(processed.structure)},
        text=doc.text, analysis=doc.analysis if doc.analysis != doc.text else None,
        sections=records.section_rows(sha, processed.structure.sections),
        statements=records.statement_rows(sha, processed.statements),
        names=sorted({(s.indicator, s.canonical or "") for s in processed.statements}),
    )


def mark_written(session: Session, documents: Sequence[DocumentRows], superseded: Sequence[str] = ()) -> None:
    """Called once per written batch, in its transaction, with the documents it stored (new
    versions included, ``unchanged`` ones not) and the hashes of the versions they superseded:
    the regions of both are marked dirty, so that ``planwatch track`` judges them again."""
    old = list(session.scalars(select(DocumentRow.region).where(DocumentRow.sha256.in_(superseded))))
    dirty.mark(session, [*(d.region for d in documents), *old])


def _save_regions(session: Session, names: Sequence[str | None]) -> None:
    """Store the regions named and those above them that are not stored yet, parents first."""
    chains = [hierarchy(n) for n in dict.fromkeys(n for n in names if n)]
    wanted = {r.name: r for chain in chains for r in chain}
    if not wanted:
        return
    known = set(session.scalars(select(Region.name).where(Region.name.in_(list(wanted)))))
    for chain in chains:
        for r in chain:  # one by one: each references the one before
            if r.name not in known:
                insert_ignore(session, Region, [{"name": r.name, "parent": r.parent, "level": r.level,
                                                 "adcode": r.adcode}], ["name"])
                known.add(r.name)


_JSON_COLUMNS = {"doubts", "periods"}


def _copy(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> bool:
    """``COPY`` ``rows`` into ``model``'s table on PostgreSQL with psycopg 3 (False elsewhere)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or bind.dialect.driver != "psycopg":
        return False
    table = model.__table__
    columns = list(rows[0])
    raw: Any = session.connection().connection.driver_connection
    cols = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c], ensure_ascii=False) if c in _JSON_COLUMNS else row[c]
                            for c in columns])
    return True


def _insert_many(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    if rows and not _copy(session, model, rows):
        bulk_insert(session, model, rows)


def save_rows(session: Session, batch: Sequence[DocumentRows]) -> list[Outcome]:
    """Store a batch of documents in the caller's transaction; each one's outcome, in order."""
    shas = list(dict.fromkeys(d.sha256 for d in batch))
    stored = set(session.scalars(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(shas))))
    sources = list(dict.fromkeys(d.source for d in batch if d.source))
    versions: dict[str, int] = {}
    current: dict[str, list[str]] = {}
    if sources:
        q = select(DocumentRow.source, DocumentRow.sha256, DocumentRow.version, DocumentRow.superseded_by)
        for source, sha, version, superseded in session.execute(q.where(DocumentRow.source.in_(sources))):
            versions[source] = max(versions.get(source, 0), version)
            if superseded is None:
                current.setdefault(source, []).append(sha)
    outcomes: list[Outcome] = []
    fresh: list[DocumentRows] = []
    doc_rows: list[dict[str, Any]] = []
    supersede: list[tuple[list[str], str]] = []
    for d in batch:
        if d.sha256 in stored:
            outcomes.append("unchanged")
            continue
        stored.add(d.sha256)
        older = versions.get(d.source, 0) if d.source else 0
        outcomes.append("updated" if older else "new")
        if d.source:
            versions[d.source] = older + 1
            if current.get(d.source):
                supersede.append((current[d.source], d.sha256))
            current[d.source] = [d.sha256]
        fresh.append(d)
        doc_rows.append({"sha256": d.sha256, "version": older + 1, "superseded_by": None, **d.document})
    if not fresh:
        return outcomes
    _save_regions(session, [d.region for d in fresh])
    bulk_insert(session, DocumentRow, doc_rows)
    bulk_insert(session, DocumentText, [{"sha256": d.sha256, "text": d.text, "analysis": d.analysis}
                                        for d in fresh])
    _insert_many(session, SectionRow, [r for d in fresh for r in d.sections])
    _insert_many(session, StatementRow, [r for d in fresh for r in d.statements])
    names = sorted({n for d in fresh for n in d.names})
    insert_ignore(session, IndicatorName, [{"name": n, "canonical": c} for n, c in names],
                  ["name", "canonical"])
    for older_shas, sha in supersede:
        session.execute(update(DocumentRow).where(DocumentRow.sha256.in_(older_shas))
                        .values(superseded_by=sha))
    mark_written(session, fresh, [sha for older, _ in supersede for sha in older])
    session.flush()
    return outcomes
