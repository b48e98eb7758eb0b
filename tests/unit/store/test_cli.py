"""``planwatch ingest`` and ``planwatch db`` with the real pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.pipeline import process_document
from planwatch.store import repository as repo
from planwatch.store.db import open_store, transaction
from planwatch.store.schema import DocumentRow, StatementRow

from .fakes import DEV, make_corpus

runner = CliRunner()


def _dump(db_url: str) -> str:
    result = runner.invoke(app, ["db", "dump", "--db", db_url])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_twice_then_reextract_leaves_the_same_rows(db_url: str) -> None:
    first = runner.invoke(app, ["ingest", str(DEV), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "new 5" in first.output and "failed 0" in first.output
    dump = _dump(db_url)
    assert dump.count('"table": "documents"') == 5 and dump.count('"table": "statements"') > 300
    second = runner.invoke(app, ["ingest", str(DEV), str(DEV / "000_60d02156ec099e48.txt"), "--db", db_url])
    assert second.exit_code == 0 and "unchanged 5" in second.output
    assert _dump(db_url) == dump
    again = runner.invoke(app, ["ingest", "--reextract", "--db", db_url])
    assert again.exit_code == 0 and "reextracted 5" in again.output, again.output
    assert _dump(db_url) == dump


def test_failures_are_listed_by_file_and_reason(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((DEV / "003_2e2f5eaad98d6f0d.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert result.exit_code == 1
    assert "new 1" in result.output and "failed 2" in result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("failed ")]
    assert [ln.split(":")[0].rsplit("/", 1)[-1] for ln in lines] == ["broken.pdf", "empty.txt"]
    assert all(len(ln.split(": ", 1)[1]) > 3 for ln in lines)  # a reason follows each name


def test_db_upgrade_names_the_revision(db_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    from planwatch.store.db import head_revision

    assert result.exit_code == 0 and f"at revision {head_revision()}" in result.output


def test_sigkill_of_the_real_ingest_leaves_whole_documents(db_url: str, tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "corpus", 6)  # 30 files
    engine = open_store(db_url)
    try:
        cmd = [sys.executable, "-m", "planwatch.cli", "ingest", str(tmp_path / "corpus"), "--db", db_url]
        code = "import sys; from planwatch.cli import main; sys.argv = ['planwatch'] + sys.argv[1:]; main()"
        proc = subprocess.Popen([sys.executable, "-c", code, *cmd[3:]], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=os.environ.copy())
        deadline = time.monotonic() + 300
        try:
            while True:
                with engine.connect() as conn:
                    n = conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
                if n >= 3:
                    break
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(timeout=60)
        with transaction(engine) as s:
            stored = repo.list_documents(s)
            assert 3 <= len(stored) < len(files)
            for d in stored:
                doc = repo.get_document(s, d.sha256)
                assert doc is not None
                kept = s.scalar(select(func.count()).select_from(StatementRow)
                                .where(StatementRow.doc_sha == d.sha256))
                assert kept == len(process_document(doc).statements), d.name
    finally:
        engine.dispose()
    rest = runner.invoke(app, ["ingest", str(tmp_path / "corpus"), "--db", db_url])
    assert rest.exit_code == 0 and f"unchanged {len(stored)}" in rest.output
