"""``planwatch inspect``: JSON records, the rich tree, and a batch that goes on past a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.model import FACT_FIELDS

from ._docs import DEV, EXTRA

runner = CliRunner()


def test_json_records_start_with_the_document_fields(gold_documents: dict[str, dict]) -> None:
    files = [str(DEV / "000_60d02156ec099e48.txt"), str(DEV / "004_855d512fd5322961.txt")]
    result = runner.invoke(app, ["inspect", "--json", *files])
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(recs) == 2
    for rec in recs:
        assert list(rec) == [*FACT_FIELDS, "unsure", "sections", "furniture"]
        assert {k: rec[k] for k in FACT_FIELDS} == gold_documents[rec["doc"]]
        assert set(rec["sections"][0]) == {"title", "level", "label", "periods", "start", "end"}
    assert recs[1]["sections"][0] == {
        "title": "过去五年工作回顾", "level": 1, "label": "review", "periods": ["2017-2021"],
        "start": recs[1]["sections"][0]["start"], "end": recs[1]["sections"][1]["start"],
    }
    assert recs[0]["furniture"] and all(f["start"] < f["end"] for f in recs[0]["furniture"])


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    good = EXTRA / "yantian-2024-work-report.txt"
    result = runner.invoke(app, ["inspect", "--json", str(missing), str(good)])
    assert result.exit_code == 1
    assert f"error: {missing}: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    rec = json.loads(result.stdout.strip())
    assert rec["region"] == "广东省深圳市盐田区"


def test_tree_output_shows_facts_and_outline() -> None:
    result = runner.invoke(app, ["inspect", str(DEV / "002_f9d16f46d232b58f.txt")])
    assert result.exit_code == 0
    for part in ("天津市和平区", "work_report", "2018-02-07", "过去一年工作回顾", "glossary 附注"):
        assert part in result.stdout


def test_folders_are_walked_and_unreadable_files_reported(tmp_path: Path) -> None:
    bad = tmp_path / "scan.bin"
    bad.write_bytes(bytes(range(256)))
    result = runner.invoke(app, ["inspect", "--json", str(EXTRA), str(bad)])
    assert result.exit_code == 1
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    assert len(docs) == 6 and all(d.endswith("-work-report.txt") for d in docs)
    assert result.stderr.startswith(f"error: {bad}: ")
