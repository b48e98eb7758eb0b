"""Opening the store: URLs, SQLite pragmas, Alembic migrations that match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from planwatch.store import db
from planwatch.store.schema import CONTENT_TABLES
from planwatch.store.search_index import include_name


def test_url_order_of_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(db.ENV_URL, "sqlite:////env/x.db")
    assert db.resolve_url("sqlite:////arg/y.db") == "sqlite:////arg/y.db"
    assert db.resolve_url() == "sqlite:////env/x.db"
    monkeypatch.delenv(db.ENV_URL)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    default = db.resolve_url()
    assert default.startswith("sqlite:///") and default.endswith("planwatch.db")
    assert "planwatch" in Path(default.removeprefix("sqlite:///")).parent.name


def test_plain_path_and_postgres_driver(tmp_path: Path) -> None:
    assert db.resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert db.resolve_url("postgresql://u@h:1/d") == "postgresql+psycopg://u@h:1/d"
    assert db.resolve_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"


def test_sqlite_file_created_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store.db"
    eng = db.open_store(str(path))
    try:
        assert path.exists()
        with eng.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        eng.dispose()


def test_migrations_create_every_table_at_head(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert set(CONTENT_TABLES) <= names
    assert "alembic_version" in names
    assert db.current_revision(engine) == db.head_revision()


def test_migrations_match_the_models(engine: Engine) -> None:
    """The hand-reviewed revision and schema.py describe the same schema (no pending autogenerate diff)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(ctx, db.metadata())
    assert diff == []


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert db.head_revision() is not None


def test_downgrade_to_base_and_back(db_url: str) -> None:
    eng = db.open_store(db_url)
    try:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(db.MIGRATIONS))
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert not set(CONTENT_TABLES) & set(inspect(eng).get_table_names())
        db.upgrade(eng)
        assert set(CONTENT_TABLES) <= set(inspect(eng).get_table_names())
    finally:
        eng.dispose()
