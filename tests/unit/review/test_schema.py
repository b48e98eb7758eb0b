"""Revision 0002 creates exactly the tables of planwatch.review.schema, and goes down cleanly."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import planwatch.review.schema as review_schema
from planwatch.store import db
from planwatch.store.schema import Base
from planwatch.store.search_index import include_name

OWN = {"corrections", "audit_log", "users", "api_tokens", "app_settings"}


def test_revision_matches_the_models(tmp_path: Path) -> None:
    engine = db.open_store(f"sqlite:///{tmp_path / 's.db'}")
    assert set(inspect(engine).get_table_names()) >= OWN
    assert review_schema.CorrectionRow.__table__.metadata is Base.metadata
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert not OWN & set(inspect(engine).get_table_names())
    db.upgrade(engine)
    engine.dispose()
    assert set(inspect(engine).get_table_names()) >= OWN


def test_revision_0004_gives_existing_accounts_an_identity_and_their_tokens_an_expiry(db_url: str) -> None:
    from datetime import datetime

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from planwatch.auth import users

    engine = db.open_store(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.begin() as conn:
        for name in ("ada", "ed"):
            conn.execute(text("INSERT INTO users (name, password_hash, role, epoch, created) "
                              "VALUES (:n, 'x', 'editor', 3, '2025-01-01T00:00:00+00:00')"), {"n": name})
        conn.execute(text('INSERT INTO api_tokens (id, "user", label, token_hash, created) '
                          "VALUES ('t1', 'ed', '', :h, '2025-01-01T00:00:00+00:00')"), {"h": "0" * 64})
    db.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, uid, epoch FROM users ORDER BY name")).all()
        token = conn.execute(text("SELECT user_uid, expires FROM api_tokens")).one()
    assert [r.epoch for r in rows] == [4, 4]  # cookies of before the revision are void
    assert len({r.uid for r in rows}) == 2 and all(len(r.uid) == 32 for r in rows)
    assert token.user_uid == rows[1].uid and datetime.fromisoformat(token.expires) > datetime.now(UTC)
    with db.transaction(engine) as s:
        assert users.session_user(s, rows[1].uid, 4) is not None
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert "uid" not in {c["name"] for c in inspect(engine).get_columns("users")}
    db.upgrade(engine)
    engine.dispose()
