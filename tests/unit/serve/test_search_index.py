"""The full-text index: created idempotently at start-up, filled for documents stored before it existed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from planwatch.serve.app import create_app
from planwatch.serve.read.search import ensure_index, search_documents
from planwatch.store.db import open_store, session_factory

from .conftest import seeded_store


def test_index_catches_up_and_start_up_is_idempotent(tmp_path: Path) -> None:
    url = seeded_store(tmp_path)  # stored before any index existed
    engine = open_store(url)
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'document_fts'")).scalar() == 0
        )
    create_app(url, upload_dir=tmp_path / "up")
    create_app(url, upload_dir=tmp_path / "up")
    ensure_index(engine)
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
