"""An ingest commits each batch as it is stored: no transaction is held across the document set,
so readers on another connection see each document as soon as its batch is done (SQLite and
PostgreSQL); with ``batch=1`` each document is its own transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from planwatch.store.db import open_store
from planwatch.store.ingest import ingest_paths
from planwatch.store.schema import DocumentRow

DEV = Path(__file__).resolve().parents[2] / "data" / "corpus" / "dev"


def test_each_document_is_committed_before_the_next_is_read(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(DEV.glob("*.txt"))[:3]:
        shutil.copy(p, folder / p.name)
    engine = open_store(db_url)
    reader = open_store(db_url)
    seen: list[int] = []

    def progress(path: Path, outcome: str) -> None:
        with reader.connect() as conn:  # another connection, as a dashboard request would use
            seen.append(int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()))

    report = ingest_paths(engine, [folder], progress=progress, batch=1)
    assert report.counts["new"] == 3 and seen == [1, 2, 3]
    engine.dispose()
    reader.dispose()


def test_batches_of_two_are_committed_as_they_fill(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(DEV.glob("*.txt"))[:3]:
        shutil.copy(p, folder / p.name)
    engine = open_store(db_url)
    reader = open_store(db_url)
    seen: list[int] = []

    def progress(path: Path, outcome: str) -> None:
        with reader.connect() as conn:
            seen.append(int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()))

    report = ingest_paths(engine, [folder], progress=progress, batch=2)
    assert report.counts["new"] == 3 and seen == [2, 2, 3]
    engine.dispose()
    reader.dispose()
