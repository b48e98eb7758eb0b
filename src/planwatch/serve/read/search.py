"""Full-text search over document text: SQLite FTS5 (trigram tokenizer) or PostgreSQL pg_trgm.

``ensure_index`` runs at app start-up and is idempotent. On SQLite it creates the
FTS5 table ``document_fts`` (its own copy of each text, keyed by the document
hash) and triggers on the store's ``document_text`` table that keep it in step,
then adds or drops rows the triggers did not see (a store filled before the
index existed). On PostgreSQL it creates the ``pg_trgm`` extension and a GIN
trigram index on ``document_text.text``, which ``LIKE '%…%'`` uses.

A trigram index needs three characters; shorter queries (two Chinese characters
are common) fall back to a scan.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from planwatch.serve.schemas import SearchHit

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS document_fts USING fts5(sha256 UNINDEXED, body, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS document_fts_ai AFTER INSERT ON document_text BEGIN "
    "INSERT INTO document_fts(sha256, body) VALUES (new.sha256, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS document_fts_ad AFTER DELETE ON document_text BEGIN "
    "DELETE FROM document_fts WHERE sha256 = old.sha256; END",
    "CREATE TRIGGER IF NOT EXISTS document_fts_au AFTER UPDATE ON document_text BEGIN "
    "DELETE FROM document_fts WHERE sha256 = old.sha256; "
    "INSERT INTO document_fts(sha256, body) VALUES (new.sha256, new.text); END",
)
STATEMENT_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS statement_fts USING fts5("
    "id UNINDEXED, indicator, text, canonical, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ai AFTER INSERT ON statements BEGIN "
    "INSERT INTO statement_fts(id, indicator, text, canonical) "
    "VALUES (new.id, new.indicator, new.text, coalesce(new.canonical, '')); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ad AFTER DELETE ON statements BEGIN "
    "DELETE FROM statement_fts WHERE id = old.id; END",
)
STATEMENT_SYNC = (
    "INSERT INTO statement_fts(id, indicator, text, canonical) "
    "SELECT s.id, s.indicator, s.text, coalesce(s.canonical, '') FROM statements s "
    "WHERE s.id NOT IN (SELECT id FROM statement_fts)",
    "DELETE FROM statement_fts WHERE id NOT IN (SELECT id FROM statements)",
)
SQLITE_SYNC = (
    "INSERT INTO document_fts(sha256, body) SELECT t.sha256, t.text FROM document_text t "
    "WHERE t.sha256 NOT IN (SELECT sha256 FROM document_fts)",
    "DELETE FROM document_fts WHERE sha256 NOT IN (SELECT sha256 FROM document_text)",
)
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_document_text_trgm ON document_text USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_statements_indicator_trgm ON statements "
    "USING gin (indicator gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_statements_text_trgm ON statements USING gin (text gin_trgm_ops)",
)
#: Refresh the query planner's statistics (sampled, so quick on big stores).
SQLITE_ANALYZE = ("PRAGMA analysis_limit=1000", "ANALYZE")
log = logging.getLogger(__name__)
#: Characters of context shown on each side of a match.
CONTEXT = 40


def ensure_index(engine: Engine) -> None:
    """Create (if missing) and fill the full-text index of the store behind ``engine``.

    On PostgreSQL a role that may not create the extension or the indexes gets a warning:
    search then works without them (a scan).
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            for sql in SQLITE_DDL + STATEMENT_DDL + SQLITE_SYNC + STATEMENT_SYNC + SQLITE_ANALYZE:
                conn.execute(text(sql))
        return
    for sql in POSTGRES_DDL:
        try:
            with engine.begin() as conn:
                conn.execute(text(sql))
        except DBAPIError as err:
            log.warning("full-text index not created (%s): %s", sql, err.orig)


def sync_index(session: Session) -> None:
    """Catch up rows written without the triggers (no-op on PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        for sql in SQLITE_SYNC + STATEMENT_SYNC:
            session.execute(text(sql))


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
    return hits
