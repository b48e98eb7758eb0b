"""Full-text search over document text: SQLite FTS5 (trigram tokenizer) or PostgreSQL pg_trgm.

The index (tables, triggers, GIN indexes) is the store's schema, made by Alembic revision ``0006``
(``planwatch.store.search_index``); the app's start-up only catches up rows and planner statistics.
On SQLite the FTS5 table ``document_fts`` holds its own copy of each text, keyed by the document
hash; on PostgreSQL a GIN trigram index on ``document_text.text`` serves ``LIKE '%…%'``.

A trigram index needs three characters; shorter queries (two Chinese characters
are common) fall back to a scan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from planwatch.serve.read.quotes import titles_of
from planwatch.serve.schemas import SearchHit

#: Characters of context shown on each side of a match.
CONTEXT = 40


def statement_ids_matching(session: Session, q: str) -> Any | None:
    """A subquery of the ids of statements whose indicator, text or canonical id contains ``q``.

    None where no index serves the query (PostgreSQL, or fewer than three characters): the caller
    then filters with ``LIKE``.
    """
    if session.get_bind().dialect.name != "sqlite" or len(q) < 3:
        return None
    return text("SELECT id FROM statement_fts WHERE statement_fts MATCH :phrase").bindparams(
        phrase=_fts_phrase(q)
    )


def _escape_like(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(q: str) -> str:
    """``q`` as one FTS5 phrase (quotes doubled), so operators in it are plain text."""
    return '"' + q.replace('"', '""') + '"'


def search_documents(session: Session, q: str, *, limit: int = 20) -> list[SearchHit]:
    """Current documents whose text contains ``q``, with the text around the first match."""
    q = q.strip()
    if not q:
        return []
    dialect = session.get_bind().dialect.name
    params: dict[str, object] = {"limit": limit}
    if dialect == "sqlite" and len(q) >= 3:
        # the matching ids first; then the text of the shown documents only (rowid lookups)
        sql = (
            "SELECT d.sha256, d.name, d.region, d.kind, f.text FROM ("
            "SELECT d.sha256, d.name, d.region, d.kind FROM documents d "
            "WHERE d.superseded_by IS NULL AND d.sha256 IN "
            "(SELECT m.sha256 FROM document_fts m WHERE document_fts MATCH :phrase) "
            "ORDER BY d.name LIMIT :limit) d "
            "JOIN document_text f ON f.sha256 = d.sha256 ORDER BY d.name"
        )
        params["phrase"] = _fts_phrase(q)
    else:
        table = "document_fts f" if dialect == "sqlite" else "document_text f"
        body = "f.body" if dialect == "sqlite" else "f.text"
        sql = (
            f"SELECT d.sha256, d.name, d.region, d.kind, {body} FROM {table} "
            f"JOIN documents d ON d.sha256 = f.sha256 "
            f"WHERE {body} LIKE :pattern ESCAPE '\\' AND d.superseded_by IS NULL "
            f"ORDER BY d.name LIMIT :limit"
        )
        params["pattern"] = f"%{_escape_like(q)}%"
    hits = []
    for sha, name, region, kind, body in session.execute(text(sql), params):
        pos = body.find(q)
        if pos < 0:  # FTS matched case-insensitively: find it the same way
            pos = body.lower().find(q.lower())
        if pos < 0:
            continue
        hits.append(
            SearchHit(
                doc_sha=sha,
                name=name,
                region=region,
                kind=kind,
                position=pos,
                before=body[max(0, pos - CONTEXT) : pos],
                match=body[pos : pos + len(q)],
                after=body[pos + len(q) : pos + len(q) + CONTEXT],
                matches=body.count(q) or 1,
            )
        )
    named = titles_of(session, (h.doc_sha for h in hits))
    for h in hits:
        if h.doc_sha in named:
            h.title, h.date = named[h.doc_sha].title, named[h.doc_sha].date
    return hits
