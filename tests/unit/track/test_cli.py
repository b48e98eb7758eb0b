"""``planwatch targets`` / ``report`` / ``track``: from JSONL files and from the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch.cli.track import register
from planwatch.model import Document, Structure
from planwatch.pipeline import Processed
from planwatch.records import read_jsonl, statement_from_record
from planwatch.store import repository as repo
from planwatch.store.db import open_store, transaction

from .helpers import DATA, GOLD, gold_pairs

app = typer.Typer()
register(app)
runner = CliRunner()
FILES = [str(p) for p in sorted(GOLD.glob("0*.jsonl"))]
JSONL = [a for f in FILES for a in ("--from-jsonl", f)] + ["--documents", str(GOLD / "documents.jsonl")]
FIELDS = ("doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status", "evidence")


def invoke(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_targets_jsonl_matches_the_reference(gold_tracking: list[dict]) -> None:
    out = [json.loads(line) for line in invoke("targets", *JSONL, "--format", "jsonl").splitlines()]
    assert len(out) == sum(1 for s, _ in gold_pairs() if s.kind == "target")
    assert all(list(r) == [*FIELDS, "reason"] for r in out)
    by_span = {(r["doc"], r["start"]): r for r in out}
    for g in gold_tracking:
        r = by_span[(g["doc"], g["start"])]
        assert {k: r[k] for k in FIELDS} == {k: g[k] for k in FIELDS}


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (("--status", "likely_missed"), 3),
        (("--region", "天津市河西区", "--status", "achieved"), 1),
        (("--region", "天津市"), 206),
        (("--period", "2016-2020", "--region", "天津市河西区"), 67),
        (("--period", "2022-2026"), 97),
    ],
)
def test_targets_filters(args: tuple[str, ...], count: int) -> None:
    assert len(invoke("targets", *JSONL, *args, "--format", "jsonl").splitlines()) == count


def test_targets_csv_and_xlsx(tmp_path: Path) -> None:
    csv_out = invoke("targets", *JSONL, "--status", "achieved", "--format", "csv")
    assert csv_out.splitlines()[1].startswith("003_2e2f5eaad98d6f0d.txt,2575,2580,2.6万家,民营企业")
    xlsx = tmp_path / "t.xlsx"
    invoke("targets", *JSONL, "--format", "xlsx", "-o", str(xlsx))
    assert load_workbook(xlsx)["目标"].max_row == 1 + 206


def test_table_output_names_the_status() -> None:
    out = invoke("targets", *JSONL, "--status", "likely_missed")  # piped: TSV with the status words
    assert {line.split("\t")[4] for line in out.splitlines()[1:]} == {"可能未完成"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("targets", "--from-jsonl", FILES[0]), "--documents"),
        (("targets", *JSONL, "--format", "xlsx"), "needs -o"),
        (("targets", *JSONL, "--status", "done"), "--status"),
        (("targets", *JSONL, "--today", "2020/01/01"), "--today"),
        (("targets", "--from-jsonl", "/nonexistent.jsonl", "--documents", str(GOLD / "documents.jsonl")),
         "nonexistent"),
    ],
)
def test_errors_name_the_problem(args: tuple[str, ...], message: str) -> None:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 1
    assert message in res.output


def test_today_option_changes_what_has_ended() -> None:
    early = invoke("targets", *JSONL, "--today", "2020-06-30", "--status", "missed", "--format", "jsonl")
    assert early == ""


def test_report_markdown_and_html(tmp_path: Path) -> None:
    md = invoke("report", *JSONL, "--region", "天津市河西区", "--period", "2016-2020")
    assert md.startswith("# 天津市河西区2016-2020年量化指标任务落实情况表")
    assert "评估基准日：2024-01-10" in md
    html = tmp_path / "r.html"
    invoke("report", *JSONL, "--region", "天津市河西区", "--format", "html", "-o", str(html))
    assert "<table>" in html.read_text("utf-8")


def _store(url: str) -> None:
    engine = open_store(url)
    facts = {f.doc: f for _, f in gold_pairs()}
    with transaction(engine) as s:
        for path in sorted((DATA / "corpus" / "dev").glob("*.txt")):
            text = path.read_text("utf-8")
            recs = read_jsonl(GOLD / path.name.replace(".txt", ".jsonl"))
            doc = Document(name=path.name, text=text, analysis=text, source=str(path))
            repo.save_processed(s, Processed(doc, Structure(facts[path.name]),
                                             tuple(statement_from_record(r) for r in recs)))
    engine.dispose()


def test_track_saves_judgements_and_targets_reads_the_store(db_url: str, gold_tracking: list[dict]) -> None:
    """The hand-checked judgements of tracking.jsonl, through the store: on SQLite and on PostgreSQL."""
    url = db_url
    _store(url)
    assert "206 targets judged" in invoke("track", "--db", url)
    engine = open_store(url)
    with transaction(engine) as s:
        saved = repo.judgements(s, region="天津市河西区", status="achieved")
    engine.dispose()
    assert [(j.target.text, [e.role for e in j.evidence]) for j in saved] == [("2.6万家", ["direct"])]
    out = [json.loads(x) for x in invoke("targets", "--db", url, "--format", "jsonl").splitlines()]
    by_span = {(r["doc"], r["start"]): r for r in out}
    for g in gold_tracking:
        assert by_span[(g["doc"], g["start"])]["status"] == g["status"]


def test_scorecard_counts_by_status_and_lists_the_judged_targets() -> None:
    out = runner.invoke(app, ["scorecard", *JSONL, "--region", "天津市河西区"], env={"COLUMNS": "200"}).output
    assert "天津市河西区  122 项目标" in out
    assert "已完成 1 · 基本完成 6 · 可能未完成 3 · 暂无数据 112" in out
    # every judged target is listed with its source; the no-data ones are only counted
    assert "2019年已达2.9万户，高于2020年目标2.6万家" in out
    assert "000_60d02156ec099e48.txt:2214" in out
    assert "另有" in out and "暂无后续数据" in out
    assert "未找到" not in out  # the reason of a no-data target is not listed without --all
    assert "未找到" in runner.invoke(app, ["scorecard", *JSONL, "--all"], env={"COLUMNS": "200"}).output


def test_an_undated_pair_beside_dated_reports_of_other_regions_is_judged_as_ended(tmp_path: Path) -> None:
    """龙华's reports carry no date; 天津's do (up to 2024-01-10). A report planning 2025 still makes
    2024 an ended year, so 龙华's 2024 targets the 2025 report falls short of are missed, not at risk
    (the store's "today" is the latest date any document speaks at, an undated one at its plan year)."""
    from planwatch.store.ingest import ingest_paths

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_store(url)
    pair = [DATA / "corpus" / "tracking" / f"longhua-{y}-work-report.txt" for y in (2024, 2025)]
    ingest_paths(engine, [*sorted((DATA / "corpus" / "dev").glob("*.txt")), *pair])
    engine.dispose()
    invoke("track", "--db", url)
    out = [json.loads(line) for line in
           invoke("targets", "--db", url, "--region", "广东省深圳市龙华区", "--format", "jsonl").splitlines()]
    statuses = {r["status"] for r in out if r["period"] == "2024"}
    assert "missed" in statuses and "at_risk" not in statuses
