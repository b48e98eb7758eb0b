"""The six Shenzhen reports (full-width punctuation, long glossaries, 民生实事 lists) survive every
format: written as a portal page, DOCX and PDF, each reads back paragraph for paragraph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.ingest import load

from .formats import EXTRA, FONT, report_lines, write_docx, write_html, write_pdf

WRITERS: dict[str, Callable[[Path, Path], Path]] = {"html": write_html, "docx": write_docx, "pdf": write_pdf}


def _squeeze(lines: list[str]) -> list[str]:
    return ["".join(ln.split()) for ln in lines]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("src", sorted(EXTRA.glob("*.txt")), ids=lambda p: p.name.split("-")[0])
def test_extra_report_reads_back_paragraph_for_paragraph(src: Path, fmt: str, tmp_path: Path) -> None:
    if fmt == "pdf" and not FONT.exists():
        pytest.skip("needs fonts-wqy-zenhei (make system-deps)")
    doc = load(WRITERS[fmt](src, tmp_path))
    assert doc.format == fmt
    assert _squeeze(doc.text.split("\n")) == _squeeze(report_lines(src))
    assert len(doc.analysis) == len(doc.text)
