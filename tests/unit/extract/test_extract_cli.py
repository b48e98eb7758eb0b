"""``planwatch extract``: formats, folders, errors and the exit code."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import DEV, DEV_DOCS
from planwatch.cli import app
from planwatch.extract.output import document_html
from planwatch.model import RECORD_FIELDS, Document, Statement

runner = CliRunner()
ONE = str(DEV / "003_2e2f5eaad98d6f0d.txt")


def test_jsonl_writes_exactly_the_contract_records() -> None:
    res = runner.invoke(app, ["extract", ONE, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(recs) > 20
    text = Path(ONE).read_text(encoding="utf-8")
    for r in recs:
        assert tuple(r) == RECORD_FIELDS
        assert r["doc"] == "003_2e2f5eaad98d6f0d.txt"
        assert text[r["start"]:r["end"]] == r["text"]
    assert "\\u" not in res.stdout  # ensure_ascii=False


def test_folder_is_expanded_and_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    res = runner.invoke(app, ["extract", str(DEV), "-o", str(out)])
    assert res.exit_code == 0, res.output
    docs = {json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert docs == set(DEV_DOCS)


def test_csv_and_table_have_the_same_fields() -> None:
    res = runner.invoke(app, ["extract", ONE, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert tuple(rows[0]) == RECORD_FIELDS and len(rows) > 20
    table = runner.invoke(app, ["extract", ONE, "--format", "table"]).stdout.splitlines()
    assert table[0].split() == list(RECORD_FIELDS)
    assert len(table) == len(rows) + 1


def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    res = runner.invoke(app, ["extract", ONE, str(DEV / DEV_DOCS[0]), "--format", "html", "-o", str(out)])
    assert res.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("<html") == 1 and page.count("<section>") == 2
    assert "<script" not in page and "http" not in page
    assert 'class="target"' in page and "title=" in page


def test_html_escapes_the_text() -> None:
    text = "<b>新增就业4万人</b>&"
    st = Statement("x.txt", 7, 11, "4万人", "新增就业", "new_jobs", 40000.0, "人", "=", "actual",
                   "level", "none", "2019")
    page = document_html(Document("x.txt", text, text), [st])
    assert "<b>" not in page and "&lt;b&gt;" in page and "&amp;" in page
    assert '<mark class="actual"' in page and "indicator: 新增就业" in page


def test_a_bad_file_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = runner.invoke(app, ["extract", str(bad), ONE, str(tmp_path / "missing.txt")])
    assert res.exit_code == 1
    assert f"error: {bad}:" in res.stderr
    assert "missing.txt" in res.stderr
    assert len(res.stdout.splitlines()) > 20


def test_unknown_format_is_refused() -> None:
    res = runner.invoke(app, ["extract", ONE, "--format", "xml"])
    assert res.exit_code != 0
