"""Revision 0002 creates exactly the tables of planwatch.review.schema, and goes down cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import planwatch.review.schema as review_schema
from planwatch.store import db
from planwatch.store.schema import Base

OWN = {"corrections", "audit_log", "users", "api_tokens", "app_settings"}


def test_revision_matches_the_models(tmp_path: Path) -> None:
    engine = db.open_store(f"sqlite:///{tmp_path / 's.db'}")
    assert set(inspect(engine).get_table_names()) >= OWN
    assert review_schema.CorrectionRow.__table__.metadata is Base.metadata
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
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
    assert set(inspect(engine).get_table_names()) >= OWN
