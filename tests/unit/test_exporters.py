"""The exporter registries: one entry a format, looked up by the CLI, the API and the report."""

from __future__ import annotations

import pytest

from planwatch.exporters import Exporters
from planwatch.extract.output import STATEMENTS, render
from planwatch.serve.exports import MEDIA_TYPES, ROWS
from planwatch.track.render import REPORTS, TARGETS


def test_the_formats_of_each_kind() -> None:
    assert STATEMENTS.formats == ("jsonl", "csv", "table", "html")
    assert TARGETS.formats == ("jsonl", "csv", "tsv", "xlsx")
    assert REPORTS.formats == ("md", "html", "xlsx", "docx")
    assert ROWS.formats == ("csv", "jsonl", "xlsx", "parquet")
    # a workbook or a Word document is written at a path, never returned
    assert [f for f in TARGETS.formats if TARGETS.get(f).to_file] == ["xlsx"]
    assert [f for f in REPORTS.formats if REPORTS.get(f).to_file] == ["xlsx", "docx"]
    assert all(REPORTS.get(f).media_type for f in REPORTS.formats)  # each a download of the region page
    assert set(MEDIA_TYPES) == set(ROWS.formats) and all(MEDIA_TYPES.values())


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown format 'xml' \(choose from jsonl, csv, table, html\)"):
        render("xml", [])


def test_a_format_is_registered_once() -> None:
    reg = Exporters("things")
    reg.add("txt", str)
    assert "txt" in reg and reg.get("txt").write is str
    with pytest.raises(ValueError, match="registered twice"):
        reg.add("txt", repr)


def test_the_cli_offers_the_registered_formats() -> None:
    from planwatch.cli.extract import Format
    from planwatch.cli.track import ReportFormat, TargetFormat

    assert [f.value for f in Format] == list(STATEMENTS.formats)
    assert [f.value for f in TargetFormat] == ["table", *TARGETS.formats]
    assert [f.value for f in ReportFormat] == list(REPORTS.formats)
