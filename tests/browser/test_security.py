"""In a real browser: uploaded HTML with <script> or onerror is shown as text and never runs; the pages
work under the CSP (no inline script) without a single violation; the API docs load their static script."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

HOSTILE_HTML = """<!doctype html><html><head><title>2024年政府工作报告</title>
<script>window.__pw = 'head'; alert('head')</script></head>
<body><h1>2024年政府工作报告</h1>
<p>全年地区生产总值增长6%。<script>window.__pw = 'body'; alert('body')</script></p>
<p>2025年目标：地区生产总值增长5%左右。<img src=x onerror="window.__pw = 'img'; alert('img')"></p>
<p>原文照录：&lt;script&gt;window.__pw = 'text'; alert('text')&lt;/script&gt;
与 &lt;img src=x onerror=alert('text-img')&gt; 均为文字。</p>
<p onmouseover="window.__pw = 'hover'">城镇新增就业2万人。</p>
</body></html>"""


def watch(page) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return dialogs, violations


def test_uploaded_html_with_script_and_onerror_is_text_and_never_runs(server: str, page) -> None:  # type: ignore[no-untyped-def]
    dialogs, violations = watch(page)
    page.goto(server + "/upload")
    page.set_input_files("input[type=file]", files=[
        {"name": "hostile-report.html", "mimeType": "text/html", "buffer": HOSTILE_HTML.encode()}])
    page.get_by_role("button", name="上传并提取").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{64}"))
    url = page.url
    text = page.locator("#doctext").inner_text()
    assert "地区生产总值增长5%左右" in text
    assert "<script>window.__pw = 'text'; alert('text')</script>" in text  # shown as the text it is
    assert "<img src=x onerror=alert('text-img')>" in text
    for view in (url, url.replace("/documents/", "/review/documents/")):
        page.goto(view)
        page.hover("#doctext")
        page.wait_for_timeout(300)
        markup = "#doctext script, #doctext img, #doctext [onerror], #doctext [onmouseover]"
        assert page.locator(markup).count() == 0
        assert page.evaluate("typeof window.__pw") == "undefined", view
    assert dialogs == []
    assert violations == []  # nothing even tried to run inline (the text is text, not markup)
    page.shot("hostile-html")


def test_pages_work_under_the_csp(server: str, page) -> None:  # type: ignore[no-untyped-def]
    _, violations = watch(page)
    response = page.goto(server + "/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#overview-chart canvas")
    page.goto(server + "/indicators/private_enterprises")
    page.wait_for_selector("#indicator-chart canvas")
    select = page.locator("select[name=region]")
    option = select.locator("option").nth(1).get_attribute("value")
    assert option
    select.select_option(option)  # the filter applies on change: a listener in app.js, not an inline handler
    page.wait_for_url(re.compile(r"region="))
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)  # Swagger UI started by its static script
    assert violations == [], violations


def test_an_inline_script_is_refused_by_the_browser(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """The CSP is enforced: a script element injected into a page (as an XSS would) does not run."""
    _, violations = watch(page)
    page.goto(server + "/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = "window.__pw = 'injected'"; document.body.append(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pw") == "undefined"
    assert violations, "the browser reported no CSP violation"
