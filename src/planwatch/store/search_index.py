"""The full-text index's schema (Alembic revision ``0006``): SQLite FTS5 (trigram) or PostgreSQL pg_trgm.

On SQLite the FTS5 tables ``document_fts`` (its own copy of each text, keyed by the document hash)
and ``statement_fts`` (indicator, text and canonical id of each statement), with triggers on
``document_text`` and ``statements`` that keep them in step. On PostgreSQL the ``pg_trgm`` extension
and GIN trigram indexes, which ``LIKE '%…%'`` uses; a role that may not create them gets a warning
and search works without them (a scan).

Every statement is idempotent (``IF NOT EXISTS``): a store whose index an older version made at
start-up upgrades cleanly. The objects are not SQLAlchemy models: :func:`include_name` keeps them
out of Alembic's comparison of the models with the database.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS document_fts USING fts5(sha256 UNINDEXED, body, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS document_fts_ai AFTER INSERT ON document_text BEGIN "
    "INSERT INTO document_fts(sha256, body) VALUES (new.sha256, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS document_fts_ad AFTER DELETE ON document_text BEGIN "
    "DELETE FROM document_fts WHERE sha256 = old.sha256; END",
    "CREATE TRIGGER IF NOT EXISTS document_fts_au AFTER UPDATE ON document_text BEGIN "
    "DELETE FROM document_fts WHERE sha256 = old.sha256; "
    "INSERT INTO document_fts(sha256, body) VALUES (new.sha256, new.text); END",
    "CREATE VIRTUAL TABLE IF NOT EXISTS statement_fts USING fts5("
    "id UNINDEXED, indicator, text, canonical, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ai AFTER INSERT ON statements BEGIN "
    "INSERT INTO statement_fts(id, indicator, text, canonical) "
    "VALUES (new.id, new.indicator, new.text, coalesce(new.canonical, '')); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ad AFTER DELETE ON statements BEGIN "
    "DELETE FROM statement_fts WHERE id = old.id; END",
)
#: Adds and drops the rows the triggers did not see (a store filled before the index existed).
SQLITE_SYNC = (
    "INSERT INTO document_fts(sha256, body) SELECT t.sha256, t.text FROM document_text t "
    "WHERE t.sha256 NOT IN (SELECT sha256 FROM document_fts)",
    "DELETE FROM document_fts WHERE sha256 NOT IN (SELECT sha256 FROM document_text)",
    "INSERT INTO statement_fts(id, indicator, text, canonical) "
    "SELECT s.id, s.indicator, s.text, coalesce(s.canonical, '') FROM statements s "
    "WHERE s.id NOT IN (SELECT id FROM statement_fts)",
    "DELETE FROM statement_fts WHERE id NOT IN (SELECT id FROM statements)",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS statement_fts_ad",
    "DROP TRIGGER IF EXISTS statement_fts_ai",
    "DROP TABLE IF EXISTS statement_fts",
    "DROP TRIGGER IF EXISTS document_fts_au",
    "DROP TRIGGER IF EXISTS document_fts_ad",
    "DROP TRIGGER IF EXISTS document_fts_ai",
    "DROP TABLE IF EXISTS document_fts",
)
#: Refresh the query planner's statistics (sampled, so quick on big stores).
SQLITE_ANALYZE = ("PRAGMA analysis_limit=1000", "ANALYZE")
POSTGRES_INDEXES = ("ix_document_text_trgm", "ix_statements_indicator_trgm", "ix_statements_text_trgm")
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_document_text_trgm ON document_text USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_statements_indicator_trgm ON statements "
    "USING gin (indicator gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_statements_text_trgm ON statements USING gin (text gin_trgm_ops)",
)
#: The prefixes of the SQLite FTS5 tables (each with its shadow tables ``<name>_data``, ...).
FTS_TABLES = ("document_fts", "statement_fts")


def create(conn: Connection) -> None:
    """Create the index on ``conn``'s database and fill it from the rows already stored."""
    if conn.dialect.name == "sqlite":
        for sql in SQLITE_DDL + SQLITE_SYNC:
            conn.execute(text(sql))
        return
    for sql in POSTGRES_DDL:
        try:
            with conn.begin_nested():  # a savepoint: a refusal leaves the migration's transaction usable
                conn.execute(text(sql))
        except DBAPIError as err:
            log.warning("full-text index not created (%s): %s", sql, err.orig)


def drop(conn: Connection) -> None:
    """Remove the index (the ``pg_trgm`` extension stays: other objects may use it)."""
    if conn.dialect.name == "sqlite":
        for sql in SQLITE_DROP:
            conn.execute(text(sql))
        return
    for name in POSTGRES_INDEXES:
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


def catch_up(engine: Engine) -> None:
    """At start-up on SQLite: add rows the triggers did not see, refresh the planner's statistics.

    Only data: the index itself is made by the migration. A no-op on PostgreSQL.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        for sql in SQLITE_SYNC + SQLITE_ANALYZE:
            conn.execute(text(sql))


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """For Alembic's ``include_name``: False for the index's tables and indexes (not models)."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name == t or name.startswith(t + "_") for t in FTS_TABLES)
    if type_ == "index":
        from planwatch.store.read_indexes import NAMES  # revision 0008's indexes are no models either

        return name not in POSTGRES_INDEXES and name not in NAMES
    return True
