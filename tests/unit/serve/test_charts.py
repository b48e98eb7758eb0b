"""The charts' read model and pages: an indicator per region on a time axis, amounts in 万/亿, the indicator
list, status by region, and the mid-term view of the Hexi 2016-2020 plan (dev corpus and its gold)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from planwatch.serve.read import charts, midterm
from planwatch.store.db import open_store
from planwatch.track.compare import Period

HEXI = "天津市河西区"
HEPING = "天津市和平区"
HEBEI = "天津市河北区"
PLAN_DOC = "003_2e2f5eaad98d6f0d.txt"


@pytest.fixture(scope="module")
def session(store_url: str) -> Iterator[Session]:
    engine = open_store(store_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _embedded(html: str, node: str) -> dict:  # type: ignore[type-arg]
    m = re.search(rf'<script type="application/json" id="{node}">(.*?)</script>', html, re.S)
    assert m, node
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_amounts_are_scaled_to_wan_and_yi_with_the_unit_in_the_axis_name() -> None:
    assert charts.scale_for("元", [5_000_000_000.0]) == (1e8, "亿元")
    assert 5_000_000_000.0 / charts.scale_for("元", [5_000_000_000.0])[0] == 50
    assert charts.scale_for("人", [180_000.0, 40_000.0, 170_000.0]) == (1e4, "万人")
    assert charts.scale_for("家", [143.0, 156.0]) == (1.0, "家")
    # rates stay as they are, however large
    assert charts.scale_for("%", [3.6, 7.0]) == (1.0, "%")
    assert charts.scale_for("个百分点", [20000.0]) == (1.0, "个百分点")


def test_indicator_chart_per_region_on_a_time_axis(session: Session) -> None:
    data = charts.indicator_charts(session, "domestic_investment", canonical=True)
    # the region with the most figures first; every region of the indicator is a choice
    assert [r["name"] for r in data["regions"]] == [HEXI, HEPING, HEBEI]
    assert data["regions"][0]["n"] == 5
    hexi = data["charts"][HEXI]
    assert hexi["axes"] == [{"name": "亿元", "unit": "元", "factor": 1e8}]
    by = {(s["kind"], s["span"]): s for s in hexi["series"]}
    assert set(by) == {("actual", False), ("actual", True), ("target", False), ("target", True)}
    for s in hexi["series"]:
        for p in s["data"]:
            assert isinstance(p["value"][0], int) and 2000 < p["value"][0] < 2100  # years, numeric
    # 108亿元 actual in 2019: drawn as 108 on the 亿元 axis, its source kept
    (actual,) = by[("actual", False)]["data"]
    assert actual["value"] == [2019, 108.0] and actual["text"] == "108亿元"
    assert actual["file"] == "000_60d02156ec099e48.txt" and actual["href"].startswith("/documents/")
    # targets apart from actuals: 113.42亿元 for 2020, 124亿元 for 2022
    assert [p["value"] for p in by[("target", False)]["data"]] == [[2020, 113.42], [2022, 124.0]]
    # a five-year figure at its end year, spanning from its first: never a category after 2025
    (plan,) = by[("target", True)]["data"]
    assert plan["value"] == [2020, 880.0] and plan["from"] == 2016 and plan["period"] == "2016-2020"
    assert plan["file"] == PLAN_DOC and plan["text"] == "880亿元"
    assert by[("target", True)]["name"] == "目标（跨年度）"
    assert hexi["years"] == [2016, 2022]


def test_yearly_lines_break_over_years_without_data() -> None:
    def fig(year: int, value: float, kind: str = "actual") -> charts.Figure:
        return charts.Figure(
            region=HEXI, statement_id=f"s{year}{kind}", kind=kind, period=Period(year, year),
            period_text=str(year), value=value, unit="元", text=f"{value}元", indicator="x", doc="d.txt",
            doc_sha="ab", title="d.txt", start=0, end=1,
        )

    chart = charts.region_chart([fig(2016, 5e9), fig(2018, 6e9), fig(2019, 7e9), fig(2020, 8e9, "target")])
    actual = next(s for s in chart["series"] if s["kind"] == "actual")
    assert [p["value"] for p in actual["data"]] == [[2016, 50.0], [2017, None], [2018, 60.0], [2019, 70.0]]
    target = next(s for s in chart["series"] if s["kind"] == "target")
    assert [p["value"] for p in target["data"]] == [[2020, 80.0]]
    assert chart["axes"][0]["name"] == "亿元"


def test_indicator_page_has_a_region_selector_and_one_chart(client: TestClient) -> None:
    html = client.get("/indicators/domestic_investment").text
    options = re.findall(r'<option value="([^"]*)"\s*(selected)?>', html)
    assert [o for o, _ in options] == [HEXI, HEPING, HEBEI]
    assert [o for o, sel in options if sel] == [HEXI]  # the region with most data by default
    assert 'id="indicator-chart" class="chart tall" data-region="天津市河西区"' in html
    data = _embedded(html, "indicator-chart-data")
    assert set(data["charts"]) == {HEXI, HEPING, HEBEI}
    labels = _embedded(html, "indicator-chart-labels")
    assert labels["kind"]["target"] == "目标" and labels["charts"]["source"] == "出处"
    chosen = client.get("/indicators/domestic_investment", params={"region": HEPING}).text
    assert [o for o, sel in re.findall(r'<option value="([^"]*)"\s*(selected)?>', chosen) if sel] == [HEPING]
    assert '/static/indicator-chart.js' in html and "cdn" not in html.lower()


def test_indicator_list_hides_empty_indicators_headline_first_by_statements(
    client: TestClient, session: Session
) -> None:
    items = charts.indicator_list(session)
    assert items and all(i.statements > 0 for i in items)
    counts = [i.statements for i in items if i.canonical]
    assert counts == sorted(counts, reverse=True)
    assert items[0].key in {"new_jobs", "green_area"} and items[0].statements == 9
    ties = [i.name for i in items if i.statements == 9]
    assert ties == sorted(ties)
    html = client.get("/indicators").text
    shown = re.findall(r'<a href="/indicators/([^"]+)">', html)
    assert shown == [quote(i.key, safe="") for i in items]
    # a headline indicator nobody mentions is not listed
    assert "/indicators/gdp_per_capita" not in html and client.get("/api/indicators").json()


def test_status_chart_counts_targets_by_region_with_the_status_words() -> None:
    chart = charts.status_chart({HEXI: {"achieved": 1, "likely_missed": 3}, HEBEI: {}, HEPING: {"missed": 5}})
    assert chart["regions"] == [HEPING, HEXI]
    assert [s["status"] for s in chart["series"]] == [
        "achieved", "missed", "likely_achieved", "likely_missed", "no_data",
    ]
    names = {s["status"]: s["name"] for s in chart["series"]}
    assert names == {"achieved": "已完成", "missed": "未完成", "likely_achieved": "基本完成",
                     "likely_missed": "可能未完成", "no_data": "暂无数据"}
    assert {s["status"]: s["values"] for s in chart["series"]}["likely_missed"] == [0, 3]


def test_overview_chart_is_built_from_the_store(client: TestClient) -> None:
    html = client.get("/").text
    m = re.search(r"id=\"overview-chart\" class=\"chart\" data-chart='([^']*)'", html)
    assert m
    chart = json.loads(m.group(1).replace("&#34;", '"'))
    assert chart["regions"] == [HEXI]
    values = {s["status"]: s["values"][0] for s in chart["series"]}
    assert values["achieved"] == 1 and values["likely_achieved"] == 3 and values["likely_missed"] == 3


def test_plans_of_a_region_five_year_plan_first(session: Session) -> None:
    plans = midterm.plans(session, HEXI)
    assert [(p.doc, p.kind, p.start, p.end) for p in plans] == [
        (PLAN_DOC, "five_year_plan", 2016, 2020),
        ("004_855d512fd5322961.txt", "work_report", 2022, 2026),
    ]
    assert midterm.plans(session, HEBEI) == []


def test_midterm_view_progress_against_the_time_gone(session: Session) -> None:
    plan = midterm.plans(session, HEXI)[0]
    assert midterm.elapsed(plan, 2018) == pytest.approx(0.6)
    # the data reach 2021: the 2016-2020 plan is over, all of it has gone
    view = midterm.midterm(session, HEXI, plan)
    assert view["year"] == 2020 and view["percent"] == 100
    rows = {(r.indicator, r.target.text): r for r in view["rows"]}
    invest = rows[("国内招商引资额", "880亿元")]
    assert invest.status == "likely_missed" and invest.cumulative
    assert [(s.period, s.text) for s in invest.latest] == [("2017-2021", "599亿元")]
    assert invest.percent == 68  # 599 / 880
    firms = rows[("民营企业", "2.6万家")]  # a stock: the latest count, 2.9万户 (户 and 家 compare)
    assert firms.percent == 112 and not firms.cumulative and firms.status == "achieved"
    # as of 2019 (80 % gone): only what was reported for 2019 and before — 108亿元 in 2019 so far
    early = midterm.midterm(session, HEXI, plan, 2019)
    assert early["percent"] == 80
    invest = {(r.indicator, r.target.text): r for r in early["rows"]}[("国内招商引资额", "880亿元")]
    assert [(s.period, s.text) for s in invest.latest] == [("2019", "108亿元")] and invest.percent == 12
    # every figure keeps its source
    for r in view["rows"]:
        assert r.target.href.startswith(f"/documents/{plan.sha}?focus=")
        assert all(s.href.startswith("/documents/") and s.doc for s in r.latest)
    chart = midterm.chart(view)
    assert chart["share"] == 100 and len(chart["labels"]) == len(chart["values"]) >= 4
    assert max(chart["values"]) <= 150


def test_midterm_page_is_reached_from_the_region_page(client: TestClient) -> None:
    region = client.get(f"/regions/{quote(HEXI)}").text
    link = f'/regions/{quote(HEXI, safe="")}/midterm'
    assert f'href="{link}"' in region
    html = client.get(link, params={"year": 2018}).text
    assert "2016—2020年规划中期评估" in html and 'id="midterm-share">60%<' in html and "截至2018年" in html
    assert 'id="midterm-table"' in html and "880亿元" in html
    assert "/static/midterm-chart.js" in html
    full = client.get(link).text
    assert _embedded(full, "midterm-chart-data")["share"] == 100
    other = client.get(link, params={"plan": "004_855d512fd5322961.txt"}).text
    assert "2022—2026年规划中期评估" in other
    assert "没有多年规划文件" in client.get(f"/regions/{quote(HEBEI)}/midterm").text
    assert client.get("/regions/nowhere/midterm").status_code == 404
    assert client.get(link, params={"year": "x"}).status_code == 422
