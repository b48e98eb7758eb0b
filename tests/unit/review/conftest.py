"""Fixtures of the review tests: a SQLite store holding real dev documents read by the real pipeline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from planwatch.store.db import open_store
from planwatch.store.ingest import ingest_paths

DATA = Path(__file__).resolve().parents[2] / "data"
DEV = DATA / "corpus" / "dev"
GOLD = DATA / "gold" / "dev"
DOC = "003_2e2f5eaad98d6f0d.txt"


def ingested(folder: Path, url: str, *names: str) -> Engine:
    """The store at ``url`` with the dev documents ``names`` (copied to ``folder``), read by the pipeline."""
    src = folder / "corpus"
    src.mkdir(exist_ok=True)
    for n in names:
        shutil.copy(DEV / n, src / n)
    engine = open_store(url)
    report = ingest_paths(engine, [src / n for n in names])
    assert report.failed == 0, report.failures
    return engine


@pytest.fixture()
def engine(tmp_path: Path, db_url: str) -> Iterator[Engine]:
    """Doc 003 ingested, on SQLite and (with PLANWATCH_TEST_PG_URL) on PostgreSQL."""
    eng = ingested(tmp_path, db_url, DOC)
    yield eng
    eng.dispose()
