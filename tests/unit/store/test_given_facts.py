"""Facts a person gives on ingest (--region/--year/--kind), and a body-only report whose year cannot be
read: stored without a traceback, no statement with an unreadable period, the document flagged unsure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.pipeline import UNREADABLE_PERIOD
from planwatch.store.db import open_store, transaction
from planwatch.store.schema import DocumentRow, StatementRow

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[2] / "data" / "fixtures" / "facts"
NO_YEAR = FIXTURES / "no_year_district.txt"


def _rows(db_url: str) -> tuple[list[DocumentRow], list[StatementRow]]:
    engine = open_store(db_url)
    try:
        with transaction(engine) as s:
            docs = list(s.scalars(select(DocumentRow)))
            stmts = list(s.scalars(select(StatementRow)))
            s.expunge_all()
    finally:
        engine.dispose()
    return docs, stmts


def test_a_report_whose_year_cannot_be_read_is_stored_flagged_and_tracked(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(NO_YEAR, folder / NO_YEAR.name)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert result.exception is None and "new 1" in result.output
    [doc], stmts = _rows(db_url)
    assert doc.plans == [] and any(u.startswith("year:") for u in doc.unsure)
    assert doc.region == "广东省深圳市福田区"
    assert stmts and all(s.period != UNREADABLE_PERIOD for s in stmts)
    assert {s.period for s in stmts} == {"2025"}  # the one figure with its own year is kept
    tracked = runner.invoke(app, ["track", "--db", db_url])
    assert tracked.exit_code == 0 and tracked.exception is None, tracked.output


def test_given_facts_win_and_survive_reextraction(db_url: str) -> None:
    given = ["--region", "北京市东城区", "--year", "2024", "--kind", "work_report"]
    result = runner.invoke(app, ["ingest", *given, str(NO_YEAR), "--db", db_url])
    assert result.exit_code == 0, result.output
    [doc], stmts = _rows(db_url)
    want = ("北京市东城区", "work_report", ["2023"], ["2024"], [])
    assert (doc.region, doc.kind, doc.reviews, doc.plans, doc.unsure) == want
    assert doc.meta["given_year"] == "2024" and doc.meta["given_region"] == "北京市东城区"
    assert {s.period for s in stmts} >= {"2023", "2024", "2025"}
    again = runner.invoke(app, ["ingest", "--reextract", "--db", db_url])
    assert again.exit_code == 0, again.output
    [doc2], stmts2 = _rows(db_url)
    assert (doc2.region, doc2.kind, doc2.reviews, doc2.plans, doc2.unsure) == want
    assert len(stmts2) == len(stmts)


def test_giving_a_year_to_a_stored_document_reads_it_again(db_url: str) -> None:
    assert runner.invoke(app, ["ingest", str(NO_YEAR), "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["ingest", "--year", "2021", str(NO_YEAR), "--db", db_url])
    assert result.exit_code == 0 and "updated 1" in result.output, result.output
    [doc], stmts = _rows(db_url)
    assert (doc.plans, doc.unsure) == (["2021"], [])
    assert {"2020", "2021"} <= {s.period for s in stmts}


def test_a_bad_given_region_is_a_clear_error(db_url: str) -> None:
    for bad in ("火星市", "和平区"):
        result = runner.invoke(app, ["ingest", "--region", bad, str(NO_YEAR), "--db", db_url])
        assert result.exit_code == 2 and bad in result.output
    result = runner.invoke(app, ["ingest", "--year", "去年", str(NO_YEAR), "--db", db_url])
    assert result.exit_code == 2 and "去年" in result.output


def test_inspect_shows_what_is_unsure() -> None:
    result = runner.invoke(app, ["inspect", "--json", str(NO_YEAR)])
    rec = json.loads(result.stdout)
    assert list(rec)[7] == "unsure" and rec["unsure"][0].startswith("year:")
    tree = runner.invoke(app, ["inspect", str(NO_YEAR)])
    assert "unsure" in tree.stdout and "year:" in tree.stdout
