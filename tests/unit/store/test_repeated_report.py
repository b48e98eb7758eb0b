"""Ingesting a file that holds its report twice stores the report's statements once."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from planwatch.cli import app
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


def _targets(url: str, files: list[Path]) -> list[dict]:
    runner = CliRunner()
    for args in (["ingest", *map(str, files)], ["track"]):
        res = runner.invoke(app, [*args, "--db", url])
        assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["targets", "--db", url, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_a_later_report_pasted_twice_gives_each_target_its_evidence_once(tmp_path: Path) -> None:
    later = DATA / "corpus" / "tracking" / "futian-2023-work-report.txt"
    twice = tmp_path / "in" / later.name
    twice.parent.mkdir()
    text = later.read_text(encoding="utf-8")
    twice.write_text(text + "\n\n" + text, encoding="utf-8")
    once = _targets(f"sqlite:///{tmp_path / 'once.db'}", [FUTIAN, later])
    got = _targets(f"sqlite:///{tmp_path / 'twice.db'}", [FUTIAN, twice])
    assert [(r["start"], r["status"], r["evidence"]) for r in got] == [
        (r["start"], r["status"], r["evidence"]) for r in once
    ]
    assert len(got) == len({r["start"] for r in got}) > 50  # no target twice
    assert any(r["evidence"] for r in got)
    for r in got:
        spans = [(e["doc"], e["start"]) for e in r["evidence"]]
        assert len(spans) == len(set(spans)) and all(e["start"] < len(text) for e in r["evidence"])
