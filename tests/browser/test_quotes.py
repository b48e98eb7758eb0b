"""Quoted verdicts in a real browser (#12): the sentences shown, the figure marked, and 查看原文 landing
on the figure below the sticky header — from the region page and from a bare link to the anchor."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

HEXI = "天津市河西区"


def _below_header(page) -> None:  # type: ignore[no-untyped-def]
    """The opened figure is in view and not under the sticky header."""
    header = page.locator("header.topbar").bounding_box()
    figure = page.locator(".doctext a.st.current").bounding_box()
    assert header and figure
    assert figure["y"] >= header["y"] + header["height"], (figure, header)
    assert figure["y"] + figure["height"] <= page.viewport_size["height"]


def test_a_verdict_quotes_its_sentences_and_opens_the_figure_below_the_header(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/regions/{quote(HEXI)}")
    verdict = page.locator('.verdict[data-status="achieved"]')
    assert verdict.count() == 1 and verdict.is_visible()
    assert verdict.locator("blockquote.quote.target mark").inner_text() == "2.6万家"
    cite = verdict.locator("blockquote.quote.target cite").inner_text()
    assert cite == "河西区经济社会发展第十三个五年规划"
    evidence = verdict.locator("blockquote.quote.evidence")
    assert evidence.locator("mark").inner_text() == "2.9万户"
    assert "民营企业总数达到2.9万户" in evidence.inner_text() and evidence.is_visible()
    assert "2020-01-07" in evidence.locator(".source").inner_text()
    assert verdict.locator(".reason").is_visible()
    page.shot("verdict")
    evidence.get_by_role("link", name="查看原文").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{64}\?focus=.*#st-"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    assert page.locator(".doctext a.st.current").inner_text() == "2.9万户"
    _below_header(page)
    assert page.locator("h1.docname").inner_text().startswith("关于河西区2019年")
    page.shot("figure-below-header")


def test_a_bare_anchor_lands_below_the_header(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """#st-… without ?focus (no script scrolls it): the browser's own jump leaves room for the header."""
    page.goto(f"{server}/regions/{quote(HEXI)}")
    link = page.locator('.verdict[data-status="likely_missed"] blockquote.quote.target a.evlink').first
    href = link.get_attribute("href")
    assert href and "#st-" in href
    sid = href.split("#st-")[1]
    page.goto(server + href.split("?")[0] + "#st-" + sid)
    page.wait_for_timeout(200)
    header = page.locator("header.topbar").bounding_box()
    figure = page.locator(f"#st-{sid}").bounding_box()
    assert header and figure and figure["y"] >= header["y"] + header["height"], (figure, header)
