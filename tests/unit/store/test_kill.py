"""Killing an ingest half-way leaves no half-stored document (SIGKILL, on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
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


# ---------------------------------------------------------------- kills at many points, races, orphans


def _start(db_url: str, folder: Path, workers: int = 1, delay: str = "0.05") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PW_FAKE_DELAY": delay}
    return subprocess.Popen([sys.executable, str(HELPER), db_url, str(folder), str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def _assert_whole(engine: Engine) -> None:
    """Every stored document has its text, all its sections and statements; nothing orphaned."""
    with transaction(engine) as s:
        for d in repo.list_documents(s, include_superseded=True):
            doc = repo.get_document(s, d.sha256)
            assert doc is not None and s.get(DocumentText, d.sha256) is not None
            expected = fake_extract(doc, fake_analyse(doc))
            count = select(func.count()).select_from(StatementRow)
            n = s.scalar(count.where(StatementRow.doc_sha == d.sha256))
            assert n == len(expected), d.name
        for table in (StatementRow, SectionRow):
            orphans = s.scalar(select(func.count()).select_from(table).where(
                table.doc_sha.not_in(select(DocumentRow.sha256))))
            assert orphans == 0, table
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def _clean_dump(tmp_path: Path, files: list[Path]) -> list[str]:
    clean = open_store(f"sqlite:///{tmp_path / 'clean.db'}")
    try:
        ingest_paths(clean, files, stages=FAKE)
        return list(dump_lines(clean))
    finally:
        clean.dispose()


def test_sigkill_at_many_points_then_a_rerun_matches_a_clean_run(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    files = make_corpus(tmp_path / "corpus", 8)  # 40 files
    rng = random.Random(int(os.environ.get("PW_KILL_SEED", "10")))
    points = []
    for target in (1, 7, 14, 22, 30):  # the store grows between kills: each one lands further on
        proc = _start(db_url, tmp_path / "corpus", delay="0.03")
        try:
            deadline = time.monotonic() + 120
            while _stored(engine) < target:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the ingest stored nothing in time"
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.06))  # mid-read, mid-transaction or between documents
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        points.append(_stored(engine))
        _assert_whole(engine)
    assert points == sorted(points) and points[-1] < len(files), points
    assert len(set(points)) >= 5, points
    report = ingest_paths(engine, [tmp_path / "corpus"], stages=FAKE)  # the next run completes the set
    assert report.counts == {"unchanged": points[-1], "new": len(files) - points[-1]}
    assert list(dump_lines(engine)) == _clean_dump(tmp_path, files)


@pytest.mark.parametrize("round_", range(5))
def test_two_ingests_at_once_on_a_new_store_equal_one(db_url: str, tmp_path: Path, round_: int) -> None:
    files = make_corpus(tmp_path / "corpus", 2)  # 10 files, on a store with no tables yet
    procs = [_start(db_url, tmp_path / "corpus", delay="0.01") for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    engine = open_store(db_url)
    try:
        assert _stored(engine) == len(files)
        _assert_whole(engine)
        assert list(dump_lines(engine)) == _clean_dump(tmp_path, files)
    finally:
        engine.dispose()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill_with_workers(proc: subprocess.Popen[bytes]) -> list[int]:
    """Wait for ``proc``'s two workers, kill -9 ``proc``, and give the workers 10 s to follow it; the
    workers still alive then."""
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [w for w in workers if _alive(w)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_an_ingest_with_workers_leaves_no_worker_running(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", 4)
    proc = _start(f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "corpus", workers=2, delay="0.2")
    assert not _kill_with_workers(proc), "workers outlived their killed parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_real_planwatch_ingest_j2_leaves_no_worker(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", 3)
    cli = Path(sys.executable).with_name("planwatch")
    proc = subprocess.Popen([str(cli), "ingest", "-j", "2", "--db", f"sqlite:///{tmp_path / 'store.db'}",
                             str(tmp_path / "corpus")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert not _kill_with_workers(proc), "workers outlived planwatch ingest"
