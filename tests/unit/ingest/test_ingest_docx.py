"""Word documents: paragraphs one a line, tables row by row with tab-separated cells."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from planwatch.errors import IngestError
from planwatch.ingest import load, load_bytes

from .formats import DOC0, KEY_SENTENCES, report_lines, write_docx


def test_docx_reads_paragraph_for_paragraph(tmp_path: Path) -> None:
    doc = load(write_docx(DOC0, tmp_path))
    assert doc.format == "docx"
    assert doc.text.split("\n") == report_lines(DOC0)
    for sentence in KEY_SENTENCES:
        assert sentence in doc.text


def test_tables_row_by_row_in_document_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("2020年主要预期目标")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "2019年", "2020年目标"), ("地区生产总值增速", "3.5%", "5%左右"),
                             ("新增就业", "4万人", "4万人")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = d.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合计"
    merged.cell(0, 2).text = "100亿元"
    d.add_paragraph("各位代表！")
    path = tmp_path / "t.docx"
    d.save(str(path))
    assert load(path).text.split("\n") == [
        "2020年主要预期目标",
        "指标\t2019年\t2020年目标",
        "地区生产总值增速\t3.5%\t5%左右",
        "新增就业\t4万人\t4万人",
        "合计\t100亿元",
        "各位代表！",
    ]


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    good = write_docx(DOC0, tmp_path).read_bytes()
    with pytest.raises(IngestError, match="corrupt DOCX"):
        load_bytes("cut.docx", good[: len(good) // 2])
    with pytest.raises(IngestError, match="corrupt DOCX"):
        load_bytes("noise.docx", b"PK\x03\x04" + bytes(range(256)) * 20)


def test_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "各位代表")
    with pytest.raises(IngestError, match=r"no word/document\.xml"):
        load(path)


def test_legacy_doc_is_refused_with_advice() -> None:
    with pytest.raises(IngestError, match=r"legacy Office file"):
        load_bytes("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_the_core_properties_title_is_the_documents_title(tmp_path: Path) -> None:
    """A report whose text opens with 各位代表 is titled by its Word file's own title (#12)."""
    from planwatch.structure.facts import title_of
    from planwatch.structure.rules import rules

    d = docx.Document()
    d.core_properties.title = " 深圳市宝安区2023年政府工作报告 "
    d.add_paragraph("各位代表：")
    d.add_paragraph("现在，我代表宝安区人民政府，向大会报告政府工作，请予审议。")
    path = tmp_path / "baoan.docx"
    d.save(str(path))
    doc = load(path)
    assert doc.meta["title"] == "深圳市宝安区2023年政府工作报告"
    assert title_of(doc.text, None, doc.meta, rules()) == "深圳市宝安区2023年政府工作报告"
    plain = docx.Document()
    plain.add_paragraph("各位代表：")
    plain.save(str(tmp_path / "plain.docx"))
    assert "title" not in load(tmp_path / "plain.docx").meta
