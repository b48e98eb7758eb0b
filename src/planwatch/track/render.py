"""Renderers: the evaluation report as Markdown, self-contained HTML, XLSX or Word (DOCX); target lists as
JSONL/CSV/XLSX.

Their formats are registered in :data:`REPORTS` and :data:`TARGETS` (``planwatch.exporters``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from planwatch.exporters import Exporters
from planwatch.track.report import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSV_FIELDS = (
    "doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status",
    "evidence", "reason",
)
MAIN_COLUMNS = ("seq", "domain", "indicator", "target", "actual", "status", "reason", "source")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(head: Sequence[object], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _main_rows(r: Report) -> list[list[object]]:
    return [
        [i, x.domain, x.indicator, x.target, x.actual, x.status_label, x.reason, x.source]
        for i, x in enumerate(r.rows, 1)
    ]


def _domain_rows(r: Report) -> list[list[object]]:
    return [
        [d, *[r.by_domain[d][s] for s, _, _ in r.by_status], sum(r.by_domain[d].values())]
        for d in r.domains
    ]


def _labels(r: Report) -> tuple[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]]:
    L = r.labels
    return L, L["columns"], L["midterm_columns"]  # type: ignore[return-value]


def to_markdown(r: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    L, C, M = _labels(r)
    out = [f"# {r.title}", "", r.as_of, "", f"## {L['summary_status']}", ""]
    out += _md_table([lab for _, lab, _ in r.by_status] + [L["total"]],
                     [[n for _, _, n in r.by_status] + [len(r.rows)]])
    out += ["", f"## {L['summary_domain']}", ""]
    out += _md_table([C["domain"], *[lab for _, lab, _ in r.by_status], L["total"]], _domain_rows(r))
    out += ["", f"## {L['sheet_rows']}", ""]
    out += _md_table([C[k] for k in MAIN_COLUMNS], _main_rows(r))
    if r.midterm_title:
        out += ["", f"## {r.midterm_title}", ""]
        mcols = ("indicator", "target", "latest", "progress", "elapsed", "status")
        out += _md_table([M[k] for k in mcols], [
            [m.indicator, m.target, m.latest, m.progress, m.elapsed, m.status_label] for m in r.midterm
        ])
    return "\n".join(out) + "\n"


def to_html(r: Report) -> str:
    """The report as one self-contained HTML page (inline CSS, no external resources)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    L, C, M = _labels(r)
    return env.get_template("report.html.j2").render(r=r, L=L, C=C, M=M)


def report_xlsx(r: Report, path: Path) -> None:
    """The report as a workbook: rows, summary, mid-term view (when there is one)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    L, C, M = _labels(r)
    wb = Workbook()
    ws = wb.active
    ws.title = str(L["sheet_rows"])
    ws.append([r.title])
    ws.append([r.as_of])
    ws.append([C[k] for k in MAIN_COLUMNS])
    for row in _main_rows(r):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A4"  # title, date and the header row stay in view
    ws.auto_filter.ref = f"A3:{get_column_letter(len(MAIN_COLUMNS))}{ws.max_row}"
    for i, width in enumerate((6, 10, 24, 18, 30, 10, 48, 36), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary = wb.create_sheet(str(L["sheet_summary"]))
    summary.append([L["summary_status"]])
    summary.append([lab for _, lab, _ in r.by_status] + [L["total"]])
    summary.append([n for _, _, n in r.by_status] + [len(r.rows)])
    summary.append([])
    summary.append([L["summary_domain"]])
    summary.append([C["domain"], *[lab for _, lab, _ in r.by_status], L["total"]])
    for row in _domain_rows(r):
        summary.append(row)
    if r.midterm_title:
        mid = wb.create_sheet(str(L["sheet_midterm"]))
        mid.append([r.midterm_title])
        mid.append([M[k] for k in ("indicator", "target", "latest", "progress", "elapsed", "status")])
        for m in r.midterm:
            mid.append([m.indicator, m.target, m.latest, m.progress, m.elapsed, m.status_label])
    wb.save(path)


def _evidence_text(rec: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{e['doc']}[{e['start']}:{e['end']}] {e['period']} {e['text']}" for e in rec["evidence"]
    )


def _flat(rec: Mapping[str, Any]) -> list[object]:
    return [_evidence_text(rec) if k == "evidence" else rec.get(k) for k in CSV_FIELDS]


def records_jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    """Tracking records as JSON Lines, one record a line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def records_csv(records: Sequence[Mapping[str, Any]]) -> str:
    """Tracking records as CSV (evidence flattened to ``doc[start:end] period text``)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_FIELDS)
    for rec in records:
        w.writerow(_flat(rec))
    return buf.getvalue()


#: The columns of ``planwatch targets`` as a table (a terminal) or TSV (piped, ``--format tsv``).
TABLE_FIELDS = ("region", "period", "indicator", "text", "status", "evidence", "reason")


def one_line(value: object) -> str:
    """A TSV cell: tabs and line breaks become spaces, so a row is one line however long."""
    return " ".join(str(value if value is not None else "").split())


def table_cells(rec: Mapping[str, Any], columns: Sequence[str], rules: Any = None) -> list[str]:
    """A target record as the cells people read: status words, evidence as text (``；`` between pieces)."""
    from planwatch.track.office import office_value

    cells = []
    for c in columns:
        value = office_value(c, rec.get(c), rules)
        cells.append(str(value).replace("\n", str(rules.report["separator"]) if rules else "；")
                     if value is not None else "")
    return cells


def records_tsv(records: Sequence[Mapping[str, Any]]) -> str:
    """Target records as tab-separated lines for pipes and spreadsheets: Chinese headers and status
    words, evidence as text, the sentence when the records have it; one record a line, never wrapped."""
    from planwatch.track.office import field_label
    from planwatch.track.rules import load_rules

    rules = load_rules()
    columns = list(TABLE_FIELDS)
    if any(rec.get("sentence") for rec in records):
        columns.insert(columns.index("text") + 1, "sentence")
    lines = ["\t".join(field_label(c, rules) for c in columns)]
    lines += ["\t".join(one_line(v) for v in table_cells(rec, columns, rules)) for rec in records]
    return "\n".join(lines) + "\n"


def records_xlsx(records: Sequence[Mapping[str, Any]], path: Path) -> None:
    """Tracking records as a one-sheet workbook for people: Chinese headers and status words, evidence
    one piece a line, the target's sentence when the records have it; header frozen, filters, widths."""
    from openpyxl import Workbook

    from planwatch.track.office import office_value, write_sheet
    from planwatch.track.rules import load_rules

    rules = load_rules()
    columns = list(CSV_FIELDS)
    if any(rec.get("sentence") for rec in records):
        columns.insert(columns.index("text") + 1, "sentence")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(rules.report["sheet_targets"]))
    rows = ([office_value(c, rec.get(c), rules) for c in columns] for rec in records)
    write_sheet(ws, columns, rows, rules)
    wb.save(path)


def report_docx(r: Report, path: Path) -> None:
    """The 目标落实情况表 as a Word document (A4 landscape; ``track.office``)."""
    from planwatch.track.office import report_docx as write

    write(r, path)


#: The report's formats (``planwatch report --format``): text, or a workbook written at a path.
REPORTS = Exporters("report")
REPORTS.add("md", to_markdown, media_type="text/markdown; charset=utf-8")
REPORTS.add("html", to_html, media_type="text/html; charset=utf-8")
REPORTS.add("xlsx", report_xlsx, to_file=True,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
REPORTS.add("docx", report_docx, to_file=True,
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
#: The formats of target records (``planwatch targets --format``; the CLI adds its terminal table).
TARGETS = Exporters("targets")
TARGETS.add("jsonl", records_jsonl)
TARGETS.add("csv", records_csv)
TARGETS.add("tsv", records_tsv, media_type="text/tab-separated-values; charset=utf-8")
TARGETS.add("xlsx", records_xlsx, to_file=True)
