"""Alembic environment: runs on the connection that ``planwatch.store.db.upgrade`` hands it.

Run from the command line (``alembic -c src/planwatch/store/alembic.ini ...``) it
connects to ``PLANWATCH_DATABASE_URL`` (or the default SQLite file) instead.
"""

from __future__ import annotations

from alembic import context

from planwatch.store.db import make_engine, metadata
from planwatch.store.search_index import include_name

config = context.config
target_metadata = metadata()  # the store's tables and those other stages keep on its metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copy
        compare_type=True,
        include_name=include_name,  # the full-text index is no model (revision 0006)
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("planwatch migrations run online only")
run_migrations_online()
