"""Revision 0008: the read indexes come with the upgrade and go with the downgrade, on each backend."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from planwatch.store import db
from planwatch.store.read_indexes import INDEXES, NAMES


def _indexes(engine: Engine) -> set[str]:
    """Every index's name (expression indexes included, which the inspector skips)."""
    sql = (
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'index'"
    )
    with engine.connect() as conn:
        return {str(n) for (n,) in conn.execute(text(sql))}


def test_0008_upgrades_and_downgrades(db_url: str) -> None:
    eng = db.open_store(db_url)
    try:
        postgres = eng.dialect.name == "postgresql"
        expected = {name for name, _, _, pg_only in INDEXES if postgres or not pg_only}
        assert expected <= _indexes(eng)
        cfg = Config()
        cfg.set_main_option("script_location", str(db.MIGRATIONS))
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        assert not NAMES & _indexes(eng)
        db.upgrade(eng)
        assert expected <= _indexes(eng)
    finally:
        eng.dispose()
