"""The office's 目标落实情况表 as a Word document (python-docx), and target records for workbooks.

The Word file is A4 landscape: a title (region, period, 目标落实情况表), the date judged at, and one
table — 序号, 指标, 目标, 完成情况, 状态, 依据出处 — whose header row repeats on every page. Every
run names an East Asian font (``w:eastAsia``, from ``tracking.yaml`` ``report.office``) so Word and
LibreOffice set the Chinese text in it. All words come from ``tracking.yaml``.

Target records (tracking.md, as ``planwatch targets`` and the API write them) become workbook rows
here too: Chinese headers (``report.fields``), status words (``labels.status``), evidence as readable
lines, numbers as numbers; :func:`write_sheet` formats a worksheet the way an office reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planwatch.track.report import Report, evidence_line
from planwatch.track.rules import TrackingRules, load_rules

#: Column widths of the Word table in centimetres (A4 landscape leaves about 25.7 cm).
DOCX_WIDTHS_CM = (1.2, 3.6, 6.2, 7.2, 2.0, 5.5)
#: Column widths of a workbook (characters) by field; others get ``DEFAULT_WIDTH``.
XLSX_WIDTHS = {
    "text": 14, "indicator": 24, "region": 18, "period": 11, "status": 11, "reason": 48, "evidence": 60,
    "sentence": 60, "doc": 28, "doc_sha": 16, "id": 12, "canonical": 16, "value": 12, "unit": 8,
    "comparator": 8, "start": 9, "end": 9, "evidence_count": 9, "kind": 8, "measure": 9, "direction": 8,
}
DEFAULT_WIDTH = 14
#: Fields whose codes are shown with their Chinese labels in a workbook (tracking.yaml ``labels``).
NUMERIC = frozenset({"value", "start", "end", "evidence_count", "sentence_start", "sentence_end"})


def _font(run: Any, name: str, fallback: str) -> None:
    """Set ``run``'s fonts: ``name`` for East Asian text (w:eastAsia), ``fallback`` for the rest."""
    from docx.oxml.ns import qn

    run.font.name = fallback
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), fallback)
    fonts.set(qn("w:hAnsi"), fallback)


def _repeat_header(row: Any) -> None:
    """Mark ``row`` as the table's header, repeated at the top of every page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cell_text(cell: Any, lines: Sequence[str], font: tuple[str, str], *, bold: bool = False,
               size: float = 10.5) -> None:
    from docx.shared import Pt

    para = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = para.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        _font(run, *font)


def report_docx(r: Report, path: Path, rules: TrackingRules | None = None) -> None:
    """The 目标落实情况表 of ``r`` as a Word document at ``path``."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    rules = rules or load_rules()
    office = rules.report["office"]
    cols = office["columns"]
    font = (str(office["font"]), str(office["font_fallback"]))
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font[1]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font[0])
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(r.office_title or r.title)
    run.bold = True
    run.font.size = Pt(16)
    _font(run, font[0], font[1])
    as_of = doc.add_paragraph()
    as_of.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(as_of.add_run(r.as_of), *font)

    keys = ("seq", "indicator", "target", "actual", "status", "source")
    table = doc.add_table(rows=1, cols=len(keys))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = table.rows[0]
    _repeat_header(head)
    for cell, key in zip(head.cells, keys, strict=True):
        _cell_text(cell, [str(cols[key])], font, bold=True)
    none = str(office["none"])
    for i, row in enumerate(r.rows, 1):
        target = [row.target]
        if row.sentence:
            target.append(str(office["sentence"]).format(sentence=row.sentence))
        cells = table.add_row().cells
        values: list[list[str]] = [
            [str(i)], [row.indicator], target, list(row.evidence) or [none], [row.status_label], [row.where],
        ]
        for cell, lines in zip(cells, values, strict=True):
            _cell_text(cell, lines, font, size=9.5)
    for col, width in zip(table.columns, DOCX_WIDTHS_CM, strict=True):
        col.width = Cm(width)  # the table grid (LibreOffice), then each cell (Word)
        for cell in col.cells:
            cell.width = Cm(width)
    doc.save(str(path))


def field_label(name: str, rules: TrackingRules | None = None) -> str:
    """The Chinese header of a record field (``report.fields``), else the field's name."""
    rules = rules or load_rules()
    return str(rules.report["fields"].get(name, name))


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if "." in value or "e" in value.lower() else int(value)
        except ValueError:
            return value
    return value


def office_value(field: str, value: Any, rules: TrackingRules | None = None,
                 labels: Mapping[str, Mapping[str, str]] | None = None) -> Any:
    """A record's value as a workbook shows it: status words, evidence lines, numbers as numbers.

    ``labels`` maps other fields to the Chinese words of their codes (``kind``, ``measure``...)."""
    rules = rules or load_rules()
    if value is None:
        return None
    if field == "status":
        return rules.status_labels.get(str(value), str(value))
    if field == "evidence" and isinstance(value, list):
        return "\n".join(evidence_line(e, rules) for e in value if isinstance(e, Mapping))
    if field in NUMERIC:
        return _number(value)
    if labels and field in labels and isinstance(value, str):
        return labels[field].get(value, value)
    if isinstance(value, list | tuple):
        return "；".join(str(v) for v in value)
    return value


def format_sheet(ws: Any, columns: Sequence[str], n_rows: int) -> None:
    """Freeze the header row, filter every column and size the columns (a regular or write-only sheet)."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{max(1, n_rows + 1)}"
    for i, c in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = XLSX_WIDTHS.get(c, DEFAULT_WIDTH)


def text_cell(ws: Any, value: Any, *, bold: bool = False, wrap: bool = False) -> Any:
    """A cell of a write-only sheet; text stays text (a leading ``=`` or ``>=`` is never a formula)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if wrap or (isinstance(value, str) and "\n" in value):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def write_sheet(ws: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                rules: TrackingRules | None = None) -> int:
    """Write a header row of Chinese field names and ``rows`` (already office values) to a write-only
    sheet formatted by :func:`format_sheet`; the number of rows written."""
    rules = rules or load_rules()
    format_sheet(ws, columns, 0)
    ws.append([text_cell(ws, field_label(c, rules), bold=True) for c in columns])
    n = 0
    for row in rows:
        ws.append([text_cell(ws, v) for v in row])
        n += 1
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{n + 1}"
    return n
