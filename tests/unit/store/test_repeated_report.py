"""Ingesting a file that holds its report twice stores the report's statements once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from planwatch.store import repository as repo
from planwatch.store.db import open_store, transaction
from planwatch.store.ingest import ingest_paths

from .fakes import DATA

FUTIAN = DATA / "corpus" / "tracking" / "futian-2022-work-report.txt"


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with transaction(engine) as s:
        return sorted((st.text, st.indicator, st.value, st.kind, st.period) for st in repo.statements(s))


def test_a_file_holding_its_report_twice_is_stored_once(engine: Engine, tmp_path: Path) -> None:
    text = FUTIAN.read_text(encoding="utf-8")
    twice = tmp_path / "twice" / "福田区2022年政府工作报告.txt"
    twice.parent.mkdir()
    twice.write_text("深圳市福田区2022年政府工作报告\n" + text + "\n深圳市福田区2022年政府工作报告\n" + text,
                     encoding="utf-8")
    report = ingest_paths(engine, [twice])
    assert report.counts == {"new": 1} and not report.failures
    single = open_store(f"sqlite:///{tmp_path / 'single.db'}")
    try:
        ingest_paths(single, [FUTIAN])
        assert _rows(engine) == _rows(single)
    finally:
        single.dispose()
    rows = _rows(engine)
    assert len(rows) == len(set(rows))  # no target, no figure twice
