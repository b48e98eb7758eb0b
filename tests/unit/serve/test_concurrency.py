"""Readers never wait on a writer; a saturated server answers 503 with Retry-After, never 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from planwatch.serve import concurrency
from planwatch.serve.app import create_app
from planwatch.store.db import open_store


def test_sqlite_store_runs_in_wal_mode_with_a_busy_timeout(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert int(conn.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 5000
    engine.dispose()


def test_pool_is_sized_to_the_thread_pool(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    assert engine.pool.size() == concurrency.threads()
    monkeypatch.setenv(concurrency.THREADS_ENV, "6")
    opts = concurrency.pool_options("sqlite:////tmp/x.db")
    assert opts["pool_size"] == 6 and opts["max_overflow"] >= 6
    assert concurrency.pool_options("sqlite://") == {}


def test_a_read_during_an_open_write_transaction_answers(db_url: str, tmp_path: Path) -> None:
    """A writer holds its transaction open (as an ingest storing a document does); every read answers
    from the last committed state, without waiting for it."""
    app = create_app(db_url, upload_dir=tmp_path / "up", tune_collector=False)
    writer = open_store(db_url)
    with TestClient(app) as c, writer.connect() as conn:
        before = c.get("/api/documents").json()["total"]
        if writer.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, as a storing ingest holds it
        conn.execute(text("INSERT INTO regions (name, level) VALUES ('写入中区', 3)"))
        conn.execute(text("INSERT INTO documents (sha256, name, source, version, format, meta, kind,"
                          " reviews, plans, unsure, furniture, length, region) VALUES ('f' || '0', 'w.txt',"
                          " '/w.txt', 1, 'txt', '{}', 'other', '[]', '[]', '[]', '[]', 0, '写入中区')"))
        for path in ("/api/documents", "/api/regions", "/api/review/queue?limit=1", "/",
                     "/api/statements.csv"):
            assert c.get(path).status_code == 200, path
        assert c.get("/api/documents").json()["total"] == before  # the uncommitted row is not seen
        conn.rollback()
    writer.dispose()


def test_saturation_answers_503_with_retry_after(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  store_url: str) -> None:
    app = create_app(store_url, upload_dir=tmp_path / "up", tune_collector=False)
    with TestClient(app) as c:
        admission = app.middleware_stack
        while admission is not None and not isinstance(admission, concurrency.Admission):
            admission = getattr(admission, "app", None)
        assert isinstance(admission, concurrency.Admission)
        admission.in_flight = admission.limit  # as many requests in flight as allowed
        resp = c.get("/api/regions")
        assert resp.status_code == 503 and resp.headers["Retry-After"] == concurrency.RETRY_AFTER
        admission.in_flight = 0
        assert c.get("/api/regions").status_code == 200


def test_pool_timeout_and_lock_timeout_answer_503(tmp_path: Path, store_url: str) -> None:
    from fastapi import APIRouter
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    app = create_app(store_url, upload_dir=tmp_path / "up", tune_collector=False)
    extra = APIRouter()

    @extra.get("/api/_pool")
    def _pool() -> None:
        raise PoolTimeout("QueuePool limit reached")

    @extra.get("/api/_locked")
    def _locked() -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    app.include_router(extra)
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/_pool", "/api/_locked"):
            resp = c.get(path)
            assert resp.status_code == 503 and "Retry-After" in resp.headers, path
