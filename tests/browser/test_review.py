"""Review in a real browser: an editor corrects, adds by selecting text, deletes, and sees judgements change;
a viewer gets no edit controls. Runs Debian's Chromium through Playwright (fixtures in conftest.py)."""

from __future__ import annotations

import re

import pytest

from .conftest import DATA, login

pytestmark = pytest.mark.browser
DOC = "003_2e2f5eaad98d6f0d.txt"


def _statements(page, base: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.evaluate(f"fetch('{base}/api/review/documents/{DOC}').then(r => r.json())")["statements"]


def _doc_text(page, base: str) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate(f"fetch('{base}/api/documents/{DOC}').then(r => r.json())")["text"]


def _status(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_attribute("#judgement", "data-status")


def test_editor_corrects_adds_deletes_and_judgement_changes(review_server: str, page) -> None:  # type: ignore[no-untyped-def]
    base = review_server
    login(page, base, "ed")
    assert page.locator(".review-progress .progress-count").count() == 5
    assert page.locator("ol.queue li").count() > 0
    page.shot("queue")
    target = next(s for s in _statements(page, base) if s["text"] == "2.6万家" and s["kind"] == "target")
    page.goto(f"{base}/review/documents/{DOC}?item={target['id']}")
    assert _status(page) == "achieved"
    progress_before = page.inner_text("#progress")

    # correct a value: the target's judgement changes
    page.fill("#editform input[name=value]", "50000")
    with page.expect_navigation():
        page.click("#btn-save")
    assert page.inner_text("#rec-figure").startswith("5")
    assert _status(page) != "achieved"
    assert "correction.edit" in page.inner_text("#history")
    page.shot("edited")

    # delete a false one with the keyboard
    victim = [s for s in _statements(page, base) if s["correction"] is None][3]
    page.goto(f"{base}/review/documents/{DOC}?item={victim['id']}")
    with page.expect_navigation():
        page.keyboard.press("d")
    assert page.locator(f"#st-{victim['id']}").count() == 0
    assert all(s["id"] != victim["id"] for s in _statements(page, base))

    # add a missed statement by selecting its characters
    text = _doc_text(page, base)
    spans = [(s["start"], s["end"]) for s in _statements(page, base)]
    m = next(m for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", text)
             if all(m.end() <= a or b <= m.start() for a, b in spans) and m.start() > 200)
    page.evaluate(
        """([start, end]) => {
            const holders = [...document.querySelectorAll('#doctext [data-o]')];
            const h = holders.filter(e => +e.dataset.o <= start).pop();
            const node = h.firstChild, o = +h.dataset.o;
            const r = document.createRange();
            r.setStart(node, start - o); r.setEnd(node, end - o);
            const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
        }""",
        [m.start(), m.end()],
    )
    page.wait_for_selector("#addbar:not([hidden])")
    assert page.inner_text("#add-text") == m.group()
    page.click("#add-selection")
    page.fill("#editform input[name=indicator]", "测试指标")
    page.fill("#editform input[name=unit]", "个")
    page.fill("#editform input[name=period]", "2020")
    page.select_option("#editform select[name=kind]", "actual")
    with page.expect_navigation():
        page.click("#btn-save")
    added = [s for s in _statements(page, base) if s["action"] == "add"]
    assert [(a["start"], a["end"], a["text"]) for a in added] == [(m.start(), m.end(), m.group())]
    assert page.locator(f"#st-{added[0]['id']}").inner_text() == m.group()

    # confirm with the keyboard moves on; progress counts every decision
    page.goto(f"{base}/review/documents/{DOC}")
    first = next(s for s in _statements(page, base) if s["correction"] is None)
    page.goto(f"{base}/review/documents/{DOC}?item={first['id']}")
    with page.expect_navigation():
        page.keyboard.press("c")
    reviewed, _total = map(int, page.inner_text("#progress").split(" / "))
    was = int(progress_before.split(" / ")[0])
    assert reviewed == was + 4  # edit, delete, add, confirm
    page.shot("reviewed")


def test_viewer_sees_no_edit_controls_and_api_refuses(review_server: str, page) -> None:  # type: ignore[no-untyped-def]
    base = review_server
    login(page, base, "vic")
    target = _statements(page, base)[0]
    page.goto(f"{base}/review/documents/{DOC}?item={target['id']}")
    assert page.locator("#editform").count() == 0 and page.locator("#addbar").count() == 0
    me = page.evaluate(f"fetch('{base}/api/me').then(r => r.json())")
    status = page.evaluate(
        """([base, doc, item, csrf]) => fetch(base + '/api/review/corrections', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
            body: JSON.stringify({doc: doc, action: 'delete', item: item})}).then(r => r.status)""",
        [base, DOC, target["id"], me["csrf"]])
    assert status == 403


def test_request_without_csrf_token_is_refused(review_server: str, page) -> None:  # type: ignore[no-untyped-def]
    base = review_server
    login(page, base, "ed")
    target = _statements(page, base)[0]
    status = page.evaluate(
        """([base, doc, item]) => fetch(base + '/api/review/corrections', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({doc: doc, action: 'delete', item: item})}).then(r => r.status)""",
        [base, DOC, target["id"]])
    assert status == 403
    assert any(s["id"] == target["id"] for s in _statements(page, base))


def test_editor_finds_review_in_the_menu_uploads_and_sees_corrected_statements(  # type: ignore[no-untyped-def]
    review_server: str, page
) -> None:
    base = review_server
    login(page, base, "ed")
    page.goto(f"{base}/")
    page.click("header nav a[href='/review']")
    page.wait_for_url(re.compile(r".*/review$"))
    assert page.get_attribute("header nav a[href='/review']", "aria-current") == "page"
    # the dashboard's document page lists exactly the corrected statements the review view has: this
    # test settles a statement itself (confirm), whichever tests ran before it on this server
    first = next(s for s in _statements(page, base) if not s["id"].startswith("c-"))
    status = page.evaluate(
        """async ([base, doc, item]) => {
            const me = await fetch(base + '/api/me').then(r => r.json());
            const r = await fetch(base + '/api/review/corrections', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf},
                body: JSON.stringify({doc: doc, action: 'confirm', item: item})});
            return r.status; }""",
        [base, DOC, first["id"]])
    assert status == 200
    reviewed = [s["id"] for s in _statements(page, base)]
    assert any(i.startswith("c-") for i in reviewed)
    page.goto(f"{base}/documents/{DOC}")
    shown = page.eval_on_selector_all("ol.stlist a[data-id]", "els => els.map(e => e.dataset.id)")
    assert sorted(shown) == sorted(reviewed)
    # the upload form carries the session's CSRF token: the upload goes through
    page.goto(f"{base}/upload")
    futian = DATA / "corpus" / "extra" / "futian-2023-work-report.txt"
    page.set_input_files("#upload-form input[type=file]", str(futian))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/[0-9a-f]{64}\?uploaded=1$"), timeout=120_000)
    assert "福田区" in page.content()
    page.shot("uploaded")
    # and a viewer sees neither 校对 nor 上传文件
    page.click("form.signout button")
    page.wait_for_url(re.compile(r".*/login$"))
    login(page, base, "vic")
    page.goto(f"{base}/")
    assert page.locator("header nav a[href='/review']").count() == 0
    assert page.locator("header nav a[href='/upload']").count() == 0
