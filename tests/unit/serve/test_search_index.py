"""The full-text index: made by revision 0006 (idempotent), filled for documents stored before it existed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from planwatch.serve.app import create_app
from planwatch.serve.read.search import search_documents
from planwatch.store import db, search_index
from planwatch.store.db import open_store, session_factory

from .conftest import seeded_store


def _downgrade(engine: Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_index_catches_up_and_start_up_is_idempotent(tmp_path: Path) -> None:
    url = seeded_store(tmp_path)
    engine = open_store(url)
    _downgrade(engine, "0005")  # a store filled before the index existed
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'document_fts'")).scalar() == 0
        )
    create_app(url, upload_dir=tmp_path / "up")  # migrates: revision 0006 makes and fills the index
    create_app(url, upload_dir=tmp_path / "up")
    with engine.begin() as conn:
        search_index.create(conn)  # again over an index an older start-up made: harmless
    search_index.catch_up(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document_fts")).scalar() == 5
        # the trigram tokenizer: a phrase in the middle of Chinese text is found
        n = conn.execute(
            text("SELECT count(*) FROM document_fts WHERE document_fts MATCH '\"新技术企\"'")
        ).scalar()
        assert n == 3
        conn.execute(text("DELETE FROM documents WHERE name = '002_f9d16f46d232b58f.txt'"))
        conn.commit()
        assert conn.execute(text("SELECT count(*) FROM document_fts")).scalar() == 4  # the trigger followed
    with session_factory(engine)() as session:
        assert [h.name for h in search_documents(session, "和平区")] == []
        assert len(search_documents(session, "区")) == 4
        assert search_documents(session, "   ") == []
