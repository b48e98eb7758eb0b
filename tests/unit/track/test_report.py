"""The evaluation report: rows, summaries, mid-term view, and the three renderers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planwatch.model import Judgement
from planwatch.track import judge
from planwatch.track.render import records_csv, report_xlsx, to_html, to_markdown
from planwatch.track.report import Report, build_report, elapsed_share

from .helpers import SPEC_INDICATORS, facts, gold_pairs, st

HEXI = "天津市河西区"


@pytest.fixture(scope="module")
def hexi() -> tuple[Report, list[Judgement]]:
    pairs = gold_pairs()
    judged = [j for j in judge(pairs, indicators=SPEC_INDICATORS) if j.region == HEXI]
    plan = [j for j in judged if j.target.period == "2016-2020" or j.target.period <= "2020"]
    fs = {f.doc: f for _, f in pairs}
    rep = build_report(plan, fs, region=HEXI, period="2016-2020", today=date(2021, 12, 11),
                       indicators=SPEC_INDICATORS)
    return rep, plan


def test_rows_and_summaries_add_up(hexi: tuple[Report, list[Judgement]]) -> None:
    rep, judged = hexi
    assert rep.title == "天津市河西区2016-2020年量化指标任务落实情况表"
    assert len(rep.rows) == len(judged)
    assert sum(n for _, _, n in rep.by_status) == len(judged)
    assert sum(sum(d.values()) for d in rep.by_domain.values()) == len(judged)
    row = next(r for r in rep.rows if r.target == "2020年 2.6万家")
    assert (row.status, row.domain, row.actual) == ("achieved", "营商环境", "2019年2.9万户")
    assert row.source == "003_2e2f5eaad98d6f0d.txt[2575:2580]；000_60d02156ec099e48.txt[2214:2219]"


def test_midterm_view_lists_the_five_year_plan_targets(hexi: tuple[Report, list[Judgement]]) -> None:
    rep, _ = hexi
    assert rep.midterm_title.startswith("中期评估（2016-2020年规划")
    assert len(rep.midterm) == 29  # the targets of the five-year plan (doc 003)
    private = next(m for m in rep.midterm if m.target == "2020年 2.6万家")
    assert (private.progress, private.elapsed) == ("112%", "100%")
    invest = next(m for m in rep.midterm if m.target == "2016-2020年 880亿元")
    assert invest.progress == "68%"


@pytest.mark.parametrize(
    ("today", "share"), [(date(2018, 1, 5), 0.4), (date(2016, 6, 1), 0.0), (date(2030, 1, 1), 1.0)]
)
def test_elapsed_share_counts_closed_years(today: date, share: float) -> None:
    assert elapsed_share(2016, 2020, today) == pytest.approx(share)


def test_markdown(hexi: tuple[Report, list[Judgement]]) -> None:
    md = to_markdown(hexi[0])
    assert md.startswith("# 天津市河西区2016-2020年量化指标任务落实情况表\n")
    assert "| 序号 | 领域 | 指标 | 目标 | 实际 | 状态 | 依据 | 出处 |" in md
    assert "## 中期评估（2016-2020年规划，时间进度100%）" in md
    assert "2019年已达2.9万户，高于2020年目标2.6万家" in md
    assert md.count("\n| ") >= len(hexi[0].rows)


def test_html_is_self_contained_and_escaped() -> None:
    plan, rep21 = facts("p.txt", "2020-01-10"), facts("r.txt", "2021-01-10")
    pairs = [(st(doc="p.txt", indicator="<b>新建公园</b>", unit="个", value=5), plan),
             (st("actual", doc="r.txt", indicator="<b>新建公园</b>", unit="个", value=6, text="6个"), rep21)]
    judged = judge(pairs)
    rep = build_report(judged, {f.doc: f for _, f in pairs}, region="某区", period="2020",
                       today=date(2021, 1, 10))
    html = to_html(rep)
    assert "<b>新建公园" not in html and "&lt;b&gt;新建公园" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html and "src=" not in html
    assert "<style>" in html and "已完成" in html


def test_superseded_evidence_is_marked() -> None:
    plan, r21 = facts("p.txt", "2020-01-10"), facts("r21.txt", "2021-01-10")
    r22 = facts("r22.txt", "2022-01-10")
    kw = {"indicator": "新建公园", "unit": "个"}
    pairs = [(st(doc="p.txt", **kw, value=5), plan),
             (st("estimate", doc="r21.txt", **kw, value=6, text="6个"), r21),
             (st("actual", doc="r22.txt", **kw, value=4, text="4个"), r22)]
    rep = build_report(judge(pairs), {f.doc: f for _, f in pairs}, region="某区", period=None,
                       today=date(2022, 1, 10))
    assert rep.rows[0].actual == "2020年4个；2020年预计6个（已被取代）"
    assert rep.rows[0].status == "missed"


def test_xlsx(tmp_path: Path, hexi: tuple[Report, list[Judgement]]) -> None:
    out = tmp_path / "r.xlsx"
    report_xlsx(hexi[0], out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["落实情况", "汇总", "中期评估"]
    ws = wb["落实情况"]
    assert ws["A1"].value == hexi[0].title
    assert [c.value for c in ws[3]][:3] == ["序号", "领域", "指标"]
    assert ws.max_row == 3 + len(hexi[0].rows)
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == f"A3:H{ws.max_row}"
    assert ws.cell(4, 1).value == 1  # numbers as numbers


def test_csv_flattens_evidence() -> None:
    rec = {"doc": "a.txt", "start": 1, "end": 3, "text": "5个", "indicator": "x", "canonical": None,
           "region": "r", "period": "2020", "status": "achieved", "reason": "y",
           "evidence": [{"doc": "b.txt", "start": 7, "end": 9, "text": "6个", "value": 6, "period": "2020",
                         "kind": "actual"}]}
    lines = records_csv([rec, {**rec, "status": "missed"}]).splitlines()
    assert lines[0] == "doc,start,end,text,indicator,canonical,region,period,status,evidence,reason"
    assert lines[1] == "a.txt,1,3,5个,x,,r,2020,achieved,b.txt[7:9] 2020 6个,y"
    assert lines[2].split(",")[8] == "missed"


def test_report_rows_keep_target_order(hexi: tuple[Report, list[Judgement]]) -> None:
    rep, judged = hexi
    assert [r.indicator for r in rep.rows] == [j.target.indicator for j in judged]
