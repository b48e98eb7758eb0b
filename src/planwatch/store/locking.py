"""One migration at a time: two processes opening a new, empty store must not both create its tables.

SQLite: an exclusive ``flock`` on a file beside the database (``planwatch.db.lock``), held while the
schema is brought up to date. PostgreSQL: a transaction-level advisory lock taken on the migration's
own connection, released by its commit; the second process then finds the schema at head.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, text

#: The advisory lock key of PlanWatch migrations on PostgreSQL (any fixed 64-bit number).
PG_MIGRATION_KEY = 0x706C616E7761  # "planwa"


def _sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


@contextlib.contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Held while the schema is migrated: a file lock for a SQLite file, nothing otherwise."""
    path = _sqlite_file(engine)
    if path is None:
        yield
        return
    with open(f"{path}.lock", "a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def lock_migration(conn: Connection) -> None:
    """On PostgreSQL, wait for any other migration and hold the lock until ``conn`` commits."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_KEY})
