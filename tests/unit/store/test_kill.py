"""Killing an ingest half-way leaves no half-stored document (SIGKILL, on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from planwatch.store import repository as repo
from planwatch.store.db import open_store, transaction
from planwatch.store.dump import dump_lines
from planwatch.store.ingest import ingest_paths
from planwatch.store.schema import DocumentRow, DocumentText, SectionRow, StatementRow

from .fakes import FAKE, fake_analyse, fake_extract, make_corpus

HELPER = Path(__file__).with_name("_ingest_slowly.py")


def _stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one())


def test_sigkill_mid_ingest_leaves_whole_documents(engine: Engine, db_url: str, tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "corpus", 8)  # 40 files
    env = {**os.environ, "PW_FAKE_DELAY": "0.08"}
    proc = subprocess.Popen([sys.executable, str(HELPER), db_url, str(tmp_path / "corpus")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while _stored(engine) < 6:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the ingest stored nothing in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored = _stored(engine)
    assert 6 <= stored < len(files), "the kill came after the end: nothing was tested"

    with transaction(engine) as s:  # every stored document is whole
        for d in repo.list_documents(s, include_superseded=True):
            doc = repo.get_document(s, d.sha256)
            assert doc is not None and s.get(DocumentText, d.sha256) is not None
            structure = fake_analyse(doc)
            expected = fake_extract(doc, structure)
            count = select(func.count())
            n = s.scalar(count.select_from(StatementRow).where(StatementRow.doc_sha == d.sha256))
            assert n == len(expected), d.name
            nsec = s.scalar(count.select_from(SectionRow).where(SectionRow.doc_sha == d.sha256))
            assert nsec == len(structure.sections), d.name
        orphans = s.scalar(select(func.count()).select_from(StatementRow).where(
            StatementRow.doc_sha.not_in(select(DocumentRow.sha256))))
        assert orphans == 0

    report = ingest_paths(engine, [tmp_path / "corpus"], stages=FAKE)  # the next run completes it
    assert report.counts == {"unchanged": stored, "new": len(files) - stored}
    clean = open_store(f"sqlite:///{tmp_path / 'clean.db'}")
    try:
        ingest_paths(clean, files, stages=FAKE)
        assert list(dump_lines(clean)) == list(dump_lines(engine))
    finally:
        clean.dispose()
