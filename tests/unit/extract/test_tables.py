"""Indicator tables (extract/tables.py): figures in the cells of a 主要指标 table, through every
ingest path (DOCX, HTML, plain text with tabs or space runs), and tables that hold no figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from planwatch.extract import extract, tables
from planwatch.ingest import load
from planwatch.model import Document, DocumentFacts, Span, Structure

PROSE = "“十四五”时期，全市经济社会发展的主要目标是：经济保持平稳健康发展，民生福祉持续增进。"
TITLE = "“十四五”时期经济社会发展主要指标"
HEADER = ["类别", "指标", "2020年", "2025年", "年均增长/累计", "属性"]
ROWS = [
    ["经济发展", "地区生产总值增长（%）", "3.5", "6左右", "—", "预期性"],
    ["经济发展", "城镇调查失业率（%）", "—", "<5.5", "—", "预期性"],
    ["民生福祉", "城镇新增就业（万人）", "4.2", "—", "[20]", "预期性"],
    ["民生福祉", "居民人均可支配收入增长（%）", "3.8", "与经济增长基本同步", "—", "预期性"],
    ["绿色生态", "PM2.5平均浓度（微克/立方米）", "48", "40", "—", "约束性"],
    ["绿色生态", "单位地区生产总值能源消耗降低（%）", "—", "—", "〔13.5〕", "约束性"],
    ["绿色生态", "森林覆盖率提高（个百分点）", "—", "—", "[1]", "约束性"],
    ["创新驱动", "研发经费投入占比（%）", "2.6", "≥3", "—", "预期性"],
]
#: the records the table above must give: text -> the contract fields that matter
EXPECTED: dict[str, dict[str, Any]] = {
    "3.5": dict(indicator="地区生产总值增长", canonical="gdp_growth", value=3.5, unit="%",
                comparator="=", kind="actual", measure="growth", direction="up", period="2020"),
    "6左右": dict(indicator="地区生产总值增长", value=6, unit="%", comparator="~", kind="target",
                measure="growth", direction="up", period="2025"),
    "<5.5": dict(indicator="城镇调查失业率", canonical="surveyed_unemployment_rate", value=5.5,
                 unit="%", comparator="<", kind="target", measure="share", direction="none",
                 period="2025"),
    "4.2": dict(indicator="城镇新增就业", canonical="new_jobs", value=42000, unit="人",
                comparator="=", kind="actual", measure="level", direction="none", period="2020"),
    "20": dict(indicator="城镇新增就业", canonical="new_jobs", value=200000, unit="人",
               comparator="=", kind="target", measure="level", direction="none", period="2021-2025"),
    "3.8": dict(indicator="居民人均可支配收入增长", canonical="income_growth", value=3.8, unit="%",
                kind="actual", measure="growth", direction="up", period="2020"),
    "48": dict(indicator="PM2.5平均浓度", canonical="pm25", value=48, unit="微克/立方米",
               kind="actual", measure="level", direction="none", period="2020"),
    "40": dict(value=40, unit="微克/立方米", kind="target", measure="level", period="2025"),
    "13.5": dict(canonical="energy_intensity_reduction", value=13.5, unit="%", kind="target",
                 measure="growth", direction="down", period="2021-2025"),
    "1": dict(indicator="森林覆盖率提高", value=1, unit="个百分点", kind="target", measure="delta",
              direction="up", period="2021-2025"),
    "2.6": dict(value=2.6, unit="%", kind="actual", measure="share", direction="none", period="2020"),
    "≥3": dict(value=3, unit="%", comparator=">=", kind="target", measure="share", period="2025"),
}
TEXTS = ["3.5", "6左右", "<5.5", "4.2", "20", "3.8", "48", "40", "13.5", "1", "2.6", "≥3"]


def _plan_structure(doc: Document) -> Structure:
    facts = DocumentFacts(doc.name, None, "five_year_plan", None, None, ("2016-2020",), ("2021-2025",))
    return Structure(facts=facts, body=Span(0, len(doc.text)))


def _check(doc: Document, records: list[dict[str, Any]]) -> None:
    table = [r for r in records if r["start"] > doc.text.index(HEADER[-1])]
    assert [r["text"] for r in table] == TEXTS
    for r in table:
        assert doc.text[r["start"]:r["end"]] == r["text"]
        for key, want in EXPECTED[r["text"]].items():
            assert r[key] == want, (r["text"], key, r[key])


def test_docx_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph(PROSE)
    d.add_paragraph(TITLE)
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for i, row in enumerate([HEADER, *ROWS]):
        for j, value in enumerate(row):
            t.cell(i, j).text = value
    d.add_paragraph("注：[ ]内为五年累计数。")
    path = tmp_path / "十四五规划纲要.docx"
    d.save(str(path))
    doc = load(path)
    assert "\t2020年\t2025年\t" in doc.text
    _check(doc, [s.to_record() for s in extract(doc, _plan_structure(doc))])
    # the default structure stage reads the same table
    assert [s.text for s in extract(doc) if s.start > doc.text.index(HEADER[-1])] == TEXTS


def test_html_table_with_merged_category_cells(tmp_path: Path) -> None:
    body = [f"<tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr>"]
    for i, row in enumerate(ROWS):
        first = i == 0 or ROWS[i - 1][0] != row[0]
        span = sum(1 for r in ROWS if r[0] == row[0])
        cells = ([f'<td rowspan="{span}">{row[0]}</td>'] if first else []) + [
            f"<td>{c.replace('<', '&lt;')}</td>" for c in row[1:]]
        body.append(f"<tr>{''.join(cells)}</tr>")
    page = (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><article>"
            f"<h1>规划纲要</h1><p>{PROSE * 4}</p><p>{TITLE}</p><table>{''.join(body)}</table>"
            f"<p>{PROSE * 3}</p></article></body></html>")
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    doc = load(path)
    _check(doc, [s.to_record() for s in extract(doc, _plan_structure(doc))])


def test_plain_text_table_with_tabs_and_space_runs() -> None:
    lines = [PROSE, TITLE, "\t".join(HEADER), *("\t".join(r) for r in ROWS), "注：[ ]内为五年累计数。"]
    text = "\n".join(lines)
    doc = Document("plan.txt", text, text)
    _check(doc, [s.to_record() for s in extract(doc, _plan_structure(doc))])
    spaced = "\n".join([PROSE, TITLE, "  ".join(HEADER), *("   ".join(r) for r in ROWS)])
    doc = Document("plan.txt", spaced, spaced)
    _check(doc, [s.to_record() for s in extract(doc, _plan_structure(doc))])


def test_unit_column_base_and_target_columns_and_review_year() -> None:
    text = "\n".join([
        "2024年国民经济和社会发展计划主要指标",
        "指标\t单位\t2023年完成\t2024年目标\t属性",
        "城镇新增就业\t万人\t4.3\t4左右\t预期性",
        "一般公共预算收入增长\t%\t5.1\t5以上\t预期性",
    ])
    doc = Document("plan.txt", text, text)
    facts = DocumentFacts("plan.txt", None, "plan_report", None, None, ("2023",), ("2024",))
    got = [s.to_record() for s in tables.extract(doc, Structure(facts=facts))]
    assert [(r["text"], r["value"], r["unit"], r["kind"], r["period"], r["measure"], r["comparator"])
            for r in got] == [
        ("4.3", 43000, "人", "actual", "2023", "level", "="),
        ("4左右", 40000, "人", "target", "2024", "level", "~"),
        ("5.1", 5.1, "%", "actual", "2023", "growth", "="),
        ("5以上", 5, "%", "target", "2024", "growth", ">="),
    ]


@pytest.mark.parametrize("text", [
    # a table of contents
    "目  录\n第一章  发展基础  3\n第二章  指导思想  12\n第三章  主要目标  18",
    # a list of phone numbers
    "单位\t电话\t传真\n市发展改革委\t12345\t87654321\n市统计局\t0755-88123456\t88123457",
    # a table of names without figures
    "姓名\t职务\t2020年\t2025年\n张三\t主任\t在任\t退休\n李四\t副主任\t在任\t在任",
    # a header with year columns but rows without a unit anywhere
    "项目\t2020年\t2025年\n重点项目\t12\t30",
])
def test_tables_without_indicator_figures_give_nothing(text: str) -> None:
    doc = Document("x.txt", text, text)
    facts = DocumentFacts("x.txt", None, "five_year_plan", None, None, (), ("2021-2025",))
    assert tables.extract(doc, Structure(facts=facts)) == []


def test_prose_is_untouched_and_table_figures_replace_overlapping_prose_reads() -> None:
    prose = "全年地区生产总值增长6%左右，城镇新增就业4万人。"
    doc = Document("x.txt", prose, prose)
    facts = DocumentFacts("x.txt", None, "work_report", None, None, ("2020",), ("2021",))
    assert tables.extract(doc, Structure(facts=facts)) == []
    text = "指标\t2020年\t2021年\t属性\n城镇调查失业率（%）\t5.2\t5.5%以内\t预期性"
    doc = Document("x.txt", text, text)
    got = extract(doc, Structure(facts=facts, body=Span(0, len(text))))
    assert [(s.text, s.kind, s.period, s.comparator) for s in got] == [
        ("5.2", "actual", "2020", "="), ("5.5%以内", "target", "2021", "<=")]


def test_unit_parsing() -> None:
    r = tables.rules()
    assert tables.parse_unit("万人", r) == ("人", "count", 10000)
    assert tables.parse_unit("亿元", r)[::2] == ("元", 100000000)  # type: ignore[index]
    assert tables.parse_unit("万千瓦", r)[::2] == ("千瓦", 10000)  # type: ignore[index]
    assert tables.parse_unit("%", r) == ("%", "percent", 1)
    assert tables.parse_unit("个百分点", r) == ("个百分点", "points", 1)
    assert tables.parse_unit("2020", r) is None


def test_mid_term_review_years_are_results() -> None:
    text = ("“十四五”规划主要指标中期评估\n指标\t2020年\t2023年\t2025年\t属性\n"
            "城镇调查失业率（%）\t5.2\t4.9\t<5.5\t预期性")
    doc = Document("x.txt", text, text)
    facts = DocumentFacts("x.txt", None, "evaluation", None, None, ("2021-2023",), ("2021-2025",))
    got = [(s.text, s.kind, s.period) for s in tables.extract(doc, Structure(facts=facts))]
    assert got == [("5.2", "actual", "2020"), ("4.9", "actual", "2023"), ("<5.5", "target", "2025")]
