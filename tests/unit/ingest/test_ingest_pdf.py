"""PDF files: text layer, furniture stripped, lines broken at the margin joined back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from planwatch.errors import IngestError
from planwatch.ingest import load, load_bytes
from planwatch.ingest.encoding import common_cjk
from planwatch.ingest.rules import rules

from .formats import DOC0, FONT, KEY_SENTENCES, PDF_FURNITURE, PDF_HEADER, report_lines, write_pdf

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="needs fonts-wqy-zenhei (make system-deps)")


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def indented(pdf_dir: Path) -> Path:
    return write_pdf(DOC0, pdf_dir)


def _norm(lines: list[str]) -> list[str]:
    return ["".join(ln.split()) for ln in lines]


def test_indented_report_reads_back_paragraph_for_paragraph(indented: Path) -> None:
    doc = load(indented)
    assert doc.format == "pdf" and doc.encoding is None
    # The PDF is several pages long, yet every paragraph and heading is one line again.
    assert _norm(doc.text.split("\n")) == _norm(report_lines(DOC0))
    for sentence in KEY_SENTENCES:
        assert sentence in doc.text


def test_running_header_and_page_numbers_are_gone(indented: Path) -> None:
    text = load(indented).text
    assert PDF_HEADER not in text
    assert not [ln for ln in text.split("\n") if rules().is_page_number(ln)]
    for junk in PDF_FURNITURE:
        assert junk not in text, junk


def test_flush_layout_joins_mid_sentence_breaks_but_not_headings(pdf_dir: Path) -> None:
    doc = load(write_pdf(DOC0, pdf_dir, indent=False))
    lines = doc.text.split("\n")
    for sentence in KEY_SENTENCES:
        assert sentence in doc.text
    # headings stay alone on their line
    headings = (
        "2019年国民经济和社会发展计划执行情况", "一、高质量发展持续深化,经济运行总体平稳", "各位代表:",
    )
    for heading in headings:
        assert heading in lines
    # a line only ends without punctuation where the source paragraph does
    src_ends = {ln[-1] for ln in report_lines(DOC0)}
    assert all(ln[-1] in src_ends or rules().ends_clause(ln) for ln in lines)
    assert PDF_HEADER not in doc.text


def test_pdf_is_fast_enough(indented: Path) -> None:
    data = indented.read_bytes()
    start = time.perf_counter()
    load_bytes(indented.name, data)
    assert time.perf_counter() - start < 2.0


def test_truncated_pdf_is_refused(indented: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    data = indented.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="truncated PDF"):
        load(cut)


def test_garbage_named_pdf_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a pdf at all, just some words" * 10)
    with pytest.raises(IngestError, match="corrupt PDF"):
        load(bad)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "locked")
    c.showPage()
    c.save()
    with pytest.raises(IngestError, match="encrypted PDF"):
        load(path)


def test_scanned_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(3):
        for y in range(100, 700, 14):  # grey bars where the scanned lines would be
            c.rect(72, y, 450, 8, fill=1, stroke=0)
        c.showPage()
    c.save()
    with pytest.raises(IngestError, match="no text layer; OCR not supported"):
        load(path)


def _pdf(path: Path, lines: list[tuple[float, str]]) -> Path:
    """A one-page PDF with ``(x, text)`` lines, top to bottom, in the CJK font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    c = canvas.Canvas(str(path))
    y = 760.0
    for x, text in lines:
        c.setFont("WQY", 12)
        c.drawString(x, y, text)
        y -= 20
    c.showPage()
    c.save()
    return path


def test_furniture_words_inside_a_wrapped_paragraph_are_kept(tmp_path: Path) -> None:
    # "适老化" and "版权" cues in a wrapped fragment must not drop it; a real footer line is dropped.
    path = _pdf(tmp_path / "p.pdf", [
        (96, "全年完成老旧小区改造120个，推进居家适老化改造和无障碍环境建设，"),
        (72, "适老化改造1200户，版权所有登记作品增长15%，新增就业4万人，城镇调查"),
        (72, "失业率控制在5%以内。"),
        (96, "各位代表！"),
        (72, "版权所有：某区人民政府  网站标识码：1201030001"),
    ])
    text = load(path).text
    assert "适老化改造1200户，版权所有登记作品增长15%" in text
    assert "失业率控制在5%以内。" in text
    assert "网站标识码" not in text


def test_suffix_that_lies_is_corrected_by_content(indented: Path, tmp_path: Path) -> None:
    as_docx = tmp_path / "report.docx"
    as_docx.write_bytes(indented.read_bytes())
    as_txt = tmp_path / "report.txt"
    as_txt.write_bytes(indented.read_bytes())
    assert load(as_docx).format == "pdf"
    assert load(as_txt).format == "pdf"


def test_text_layer_without_unicode_map_is_refused(tmp_path: Path) -> None:
    # Fonts with a wrong Unicode map give rare characters in place of the everyday ones.
    common = common_cjk()
    garbled = "".join([chr(c) for c in range(0x6A00, 0x9F00) if chr(c) not in common][::97][:30])
    path = _pdf(tmp_path / "pua.pdf", [(72, garbled)] * 20)
    with pytest.raises(IngestError, match="unreadable text layer"):
        load(path)
