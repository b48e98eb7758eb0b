"""A document's facts in a real browser: an editor uploads a body-only report with its year, then
corrects its region on the document page; a viewer sees the facts without the form."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .conftest import DATA, ROOT, seeded_store, serving

pytestmark = pytest.mark.browser
USERS = {"ed": ("editor", "ed-secret-22"), "vic": ("viewer", "vic-secret-3"),
         "ada": ("admin", "ada-secret-1")}
REPORT = DATA / "corpus" / "tracking" / "yantian-2023-work-report.txt"


@pytest.fixture(scope="module")
def facts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("facts-store")
    with serving(seeded_store(folder, USERS), folder / "uploads", ready="/login", cwd=ROOT) as (base, _):
        yield base


def _login(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login?next=/review")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", USERS[name][1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/review$"))


def _fact(page, field: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.inner_text(f"#doc-facts .fact[data-field={field}] dd"))


def test_editor_gives_facts_on_upload_and_corrects_them(facts_server: str, page) -> None:  # type: ignore[no-untyped-def]
    base = facts_server
    _login(page, base, "ed")
    page.goto(f"{base}/upload")
    page.set_input_files("#upload-form input[type=file]", str(REPORT))
    page.fill("#upload-form input[name=year]", "2023")
    page.select_option("#upload-form select[name=kind]", "work_report")
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/[0-9a-f]{64}\?uploaded=1$"), timeout=120_000)
    url = page.url.split("?")[0]
    assert "2023" in _fact(page, "year") and "人工填写" in _fact(page, "year")
    assert "盐田区" in _fact(page, "region") and "人工填写" not in _fact(page, "region")
    page.shot("facts-uploaded")

    # a refused region: the reason, the form open again
    page.click("#doc-facts details summary")
    page.fill("#facts-form input[name=region]", "火星市")
    page.click("#facts-form button[type=submit]")
    page.wait_for_selector("#facts-error")
    assert "未找到地区" in page.inner_text("#facts-error")

    # a region the gazetteer knows: saved, statements read again
    page.fill("#facts-form input[name=region]", "深圳市盐田区")
    page.click("#facts-form button[type=submit]")
    page.wait_for_url(re.compile(r".*\?facts=saved.*"), timeout=120_000)
    assert "已保存文件信息" in page.content()
    assert "广东省深圳市盐田区" in _fact(page, "region") and "人工填写" in _fact(page, "region")
    page.shot("facts-saved")

    # a viewer sees the facts, not the form
    page.click("form.signout button")
    page.wait_for_url(re.compile(r".*/login$"))
    _login(page, base, "vic")
    page.goto(url)
    assert page.locator("#doc-facts .fact").count() == 3
    assert page.locator("#facts-form").count() == 0
