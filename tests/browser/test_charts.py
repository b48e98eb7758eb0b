"""The charts in Chromium: an indicator per region (the selector switches it), the mid-term view."""

from __future__ import annotations

import re
from urllib.parse import quote

HEXI = "天津市河西区"
HEPING = "天津市和平区"

#: The drawn chart's title, x axis type, y axis names and series names (ECharts' own state).
OPTION = """(id) => {
  const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
  return { title: o.title[0].text, x: o.xAxis[0].type, y: o.yAxis.map((a) => a.name),
           series: o.series.map((s) => s.name), points: o.series.map((s) => s.data.length) };
}"""


def test_indicator_chart_per_region_and_the_selector(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/indicators/domestic_investment")
    page.wait_for_selector("#indicator-chart[data-drawn='天津市河西区'] canvas")
    first = page.evaluate(OPTION, "indicator-chart")
    assert first["title"] == HEXI and first["x"] == "value" and first["y"] == ["亿元"]
    assert first["series"] == ["实际", "实际（跨年度）", "目标", "目标（跨年度）"]
    page.shot("indicator-hexi")
    # the five-year target's tooltip names the document and quotes the figure
    page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('indicator-chart'))
                 .dispatchAction({ type: 'showTip', seriesIndex: 3, dataIndex: 0 })"""
    )
    page.wait_for_function("() => document.getElementById('indicator-chart').innerText.includes('880亿元')")
    tip = page.locator("#indicator-chart").inner_text()
    assert "003_2e2f5eaad98d6f0d.txt" in tip and "2016-2020" in tip and "880 亿元" in tip
    page.shot("indicator-tooltip")
    page.select_option("#chart-region", HEPING)
    page.wait_for_selector("#indicator-chart[data-drawn='天津市和平区']")
    second = page.evaluate(OPTION, "indicator-chart")
    assert second["title"] == HEPING and second != first and second["y"] == ["亿元"]
    assert page.locator("#indicator-chart canvas").count() >= 1
    assert "region=" + quote(HEPING) in page.url
    page.shot("indicator-heping")


def test_midterm_view_draws_progress_against_time(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + f"/regions/{quote(HEXI)}")
    page.get_by_role("link", name="规划中期评估 ›").click()
    page.wait_for_selector("#midterm-chart[data-drawn] canvas")
    drawn = page.evaluate(
        """() => { const o = echarts.getInstanceByDom(document.getElementById('midterm-chart')).getOption();
                   return { bars: o.series[0].data.length, mark: o.series[0].markLine.data[0].xAxis }; }"""
    )
    assert drawn["bars"] >= 4 and drawn["mark"] == 100
    assert page.locator("#midterm-share").inner_text() == "100%"
    page.shot("midterm")
    page.get_by_role("link", name="2018", exact=True).click()
    page.wait_for_url(re.compile(r"year=2018"))
    assert page.locator("#midterm-share").inner_text() == "60%"


def test_overview_status_chart(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.wait_for_selector("#overview-chart[data-drawn] canvas")
    series = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('overview-chart')).getOption()
                 .series.map((s) => [s.name, s.stack, s.itemStyle.color])"""
    )
    assert [s[0] for s in series] == ["已完成", "未完成", "基本完成", "可能未完成", "暂无数据"]
    assert {s[1] for s in series} == {"all"} and series[0][2] == "#15803d"
    page.shot("overview-status")
