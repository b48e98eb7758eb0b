"""Every reader keeps its budgets: each limit a setting, going over it a clear per-file error."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from planwatch.ingest import BudgetExceeded, IngestError, load, load_bytes
from planwatch.ingest.limits import LIMITS

from .formats import DOC0, write_docx, write_html, write_pdf
from .hostile import docx_deep, docx_text_bomb, gzip_bomb


def test_every_limit_has_a_default_and_reads_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for spec in LIMITS.values():
        assert spec.env.startswith("PLANWATCH_") and spec.value() == spec.default > 0
        monkeypatch.setenv(spec.env, "7")
        assert spec.value() == 7
        monkeypatch.setenv(spec.env, "junk")
        assert spec.value() == spec.default


def test_deep_xml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_MAX_RATIO", "100000")
    deep = r"DOCX is nested deeper than 200 levels \(limit PLANWATCH_MAX_DEPTH\)"
    with pytest.raises(BudgetExceeded, match=deep):
        load(docx_deep(tmp_path / "deep.docx"))


def test_docx_with_millions_of_characters_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_MAX_RATIO", "100000")
    monkeypatch.setenv("PLANWATCH_MAX_CHARS", "1000000")
    with pytest.raises(BudgetExceeded, match=r"more than 1,000,000 characters .*PLANWATCH_MAX_CHARS"):
        load(docx_text_bomb(tmp_path / "text.docx", expanded=20 * 2**20))


def test_docx_budgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = write_docx(DOC0, tmp_path)
    assert "地区生产总值" in load(good).text
    monkeypatch.setenv("PLANWATCH_MAX_NODES", "50")
    with pytest.raises(BudgetExceeded, match="more than 50 elements"):
        load(good)
    monkeypatch.setenv("PLANWATCH_MAX_EXPANDED", "10000")
    expands = r"DOCX expands past 10000 bytes \(limit PLANWATCH_MAX_EXPANDED\)"
    with pytest.raises(BudgetExceeded, match=expands):
        load(good)


def test_pdf_budgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = write_pdf(DOC0, tmp_path)
    monkeypatch.setenv("PLANWATCH_MAX_PAGES", "1")
    with pytest.raises(BudgetExceeded, match=r"PDF has more than 1 pages \(limit PLANWATCH_MAX_PAGES\)"):
        load(pdf)
    monkeypatch.delenv("PLANWATCH_MAX_PAGES")
    monkeypatch.setenv("PLANWATCH_MAX_OBJECTS", "3")
    with pytest.raises(BudgetExceeded, match="PLANWATCH_MAX_OBJECTS"):
        load(pdf)
    monkeypatch.delenv("PLANWATCH_MAX_OBJECTS")
    monkeypatch.setenv("PLANWATCH_MAX_CHARS", "500")
    with pytest.raises(BudgetExceeded, match="PLANWATCH_MAX_CHARS"):
        load(pdf)


def test_html_and_text_budgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = write_html(DOC0, tmp_path)
    monkeypatch.setenv("PLANWATCH_MAX_NODES", "20")
    with pytest.raises(BudgetExceeded, match="HTML has more than 20 elements"):
        load(page)
    monkeypatch.setenv("PLANWATCH_MAX_CHARS", "100")
    with pytest.raises(BudgetExceeded, match="TXT has more than 100 characters"):
        load(DOC0)


def test_gzip_encoded_page_is_read_and_a_gzip_bomb_refused(tmp_path: Path) -> None:
    page = write_html(DOC0, tmp_path).read_bytes()
    doc = load_bytes("page.html.gz", gzip.compress(page))
    assert doc.format == "html" and "地区生产总值" in doc.text
    bomb = gzip_bomb(64 * 2**20)
    with pytest.raises(BudgetExceeded, match="GZIP is compressed more than 200:1"):
        load_bytes("page.html", bomb)
    with pytest.raises(IngestError, match="corrupt gzip"):
        load_bytes("page.html", gzip.compress(page)[:200])
