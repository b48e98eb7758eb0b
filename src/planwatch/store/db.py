"""Opening the store: an engine from a URL, its schema brought up to date by Alembic.

The URL is, in order: the ``url`` argument (``--db``), the environment variable
``PLANWATCH_DATABASE_URL``, else a SQLite file ``planwatch.db`` in the user's
data directory. A bare path is taken as a SQLite file. ``postgresql://`` URLs
use the psycopg (3) driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from planwatch.settings import ENV_DATABASE_URL, settings

ENV_URL = ENV_DATABASE_URL
MIGRATIONS = Path(__file__).parent / "migrations"
#: Modules whose models live on the store's metadata (``schema.Base``) and so in its migrations.
MODEL_MODULES = ("planwatch.store.schema", "planwatch.review.schema", "planwatch.auth.schema")


def default_url() -> str:
    """The SQLite file under the user's data directory (created on demand)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("planwatch"))
    return f"sqlite:///{folder / 'planwatch.db'}"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: ``url``, else ``$PLANWATCH_DATABASE_URL``, else :func:`default_url`."""
    chosen = url or settings().database_url or default_url()
    if "://" not in chosen:  # a plain file path
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if chosen.startswith(prefix):
            chosen = "postgresql+psycopg://" + chosen[len(prefix):]
    return chosen


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (see :func:`resolve_url`), without touching the schema."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite"):
        path = resolved.split(":///", 1)[-1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, future=True, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def metadata() -> MetaData:
    """The store's metadata with the tables of every module in :data:`MODEL_MODULES` that exists."""
    import importlib

    from planwatch.store.schema import Base

    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    return Base.metadata


def _config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The newest revision of the bundled migrations."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision`` with the bundled Alembic migrations."""
    from alembic import command

    from planwatch.store.locking import lock_migration, migration_lock

    cfg = _config()
    with migration_lock(engine), engine.begin() as conn:  # one process at a time creates the schema
        lock_migration(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_store(url: str | None = None, *, migrate: bool = True, **kwargs: Any) -> Engine:
    """An engine for ``url`` whose schema is up to date (migrated on open)."""
    engine = make_engine(url, **kwargs)
    if migrate:
        upgrade(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
