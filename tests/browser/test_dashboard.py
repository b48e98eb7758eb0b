"""The dashboard in a real browser: overview → region → target → evidence elsewhere; search; upload."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FUTIAN = Path(__file__).resolve().parents[1] / "data" / "corpus" / "extra" / "futian-2023-work-report.txt"


def test_follow_a_region_to_a_target_and_open_its_evidence(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "总览"
    page.wait_for_selector("#overview-chart canvas")  # the vendored ECharts drew the chart
    assert page.shot("overview").stat().st_size > 10_000
    page.get_by_role("link", name="天津市河西区").first.click()
    page.wait_for_url(re.compile(r"/regions/"))
    assert "目标记分卡" in page.locator("h1").inner_text()
    page.shot("region")
    target = page.locator(".verdict", has_text="2.6万家")
    assert "已完成" in target.inner_text()  # reason and evidence shown without a click
    evidence = target.locator("blockquote.quote.evidence a.evlink")
    assert "000_60d02156ec099e48.txt" in target.locator("blockquote.quote.evidence .source").inner_text()
    page.shot("target-open")
    evidence.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{64}\?focus="))
    current = page.locator(".doctext a.st.current")
    assert current.inner_text() == "2.9万户"
    focus = page.locator("#focus")
    assert "2.9万户" in focus.inner_text() and focus.is_visible()
    assert "民营企业" in page.locator("#panel-body").inner_text()
    page.shot("evidence")


def test_clicking_a_figure_fills_the_side_panel(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/documents/003_2e2f5eaad98d6f0d.txt")
    mark = page.locator(".doctext a.st.k-target", has_text="2.6万家").first
    mark.click()
    panel = page.locator("#panel-body")
    assert "目标" in panel.inner_text() and "2.6万家" in panel.inner_text()
    assert "已完成" in panel.inner_text()  # the judgement of this target
    link = panel.locator("a.evlink")
    assert link.count() == 1
    page.shot("panel")
    link.click()
    page.wait_for_url(re.compile(r"focus="))
    assert page.locator(".doctext a.st.current").inner_text() == "2.9万户"


def test_search_for_a_phrase(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    box = page.locator(".quicksearch input")
    box.fill("国家高新技术企业")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("#doc-hits .hit")
    assert hits.count() >= 2
    assert page.locator("#doc-hits mark").first.inner_text() == "国家高新技术企业"
    assert page.locator("#statement-hits tbody tr").count() >= 1
    page.shot("search")
    hits.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))


def test_upload_a_file_and_see_its_statements(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/upload")
    page.shot("upload-form")
    page.set_input_files("input[type=file]", str(FUTIAN))
    page.get_by_role("button", name="上传并提取").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{64}\?uploaded=1"))
    assert "上传成功" in page.locator(".notice").inner_text()
    assert page.locator(".doctext a.st").count() > 20
    assert "福田区" in page.locator(".meta").inner_text()
    page.shot("uploaded")
    # a wrong file type gets a clear error, in Chinese
    page.goto(server + "/upload")
    page.set_input_files(
        "input[type=file]", files=[{"name": "x.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )
    page.get_by_role("button", name="上传并提取").click()
    assert "不支持的文件类型" in page.locator("#upload-error").inner_text()
    page.shot("upload-error")


def test_indicator_chart_and_script_safety(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/indicators/private_enterprises")
    page.wait_for_selector("#indicator-chart canvas")
    page.shot("indicator")
    page.goto(server + "/upload")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = "<script>alert('pw')</script>\n地区生产总值增长<img src=x onerror=alert(2)>6%。\n".encode()
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "hostile.txt",
                "mimeType": "text/plain",
                "buffer": "2020年政府工作报告\n".encode() + hostile,
            }
        ],
    )
    page.get_by_role("button", name="上传并提取").click()
    page.wait_for_url(re.compile(r"/documents/"))
    text = page.locator("#doctext").inner_text()
    assert "<script>alert('pw')</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert page.locator("#doctext script, #doctext img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    page.shot("hostile")
