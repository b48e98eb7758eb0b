"""The analyst's loop in a real browser: upload two consecutive reports of one region through the page,
watch the job's progress bar, and read the verdicts on the region page — no terminal.

The store starts empty, so every verdict read here comes from the two reports uploaded: Longhua's 2024
work report sets the 2024 targets, its 2025 report says what 2024 came to (gold:
tests/data/gold/tracking/longhua-2024.jsonl, with achieved and missed targets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import DATA, ROOT, serving

PAIR = [DATA / "corpus" / "tracking" / f"longhua-{y}-work-report.txt" for y in (2024, 2025)]
REGION = "广东省深圳市龙华区"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over an empty (migrated) SQLite store, served by uvicorn on 127.0.0.1."""
    from planwatch.store.db import open_store

    folder = tmp_path_factory.mktemp("loop-store")
    url = f"sqlite:///{folder / 'store.db'}"
    open_store(url).dispose()
    with serving(url, folder / "uploads", cwd=ROOT) as (base, _):
        yield base


def _tiles(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The overview's counters: label → number."""
    found = {}
    for tile in page.locator("section.tiles .tile").all():
        found[tile.locator("div").nth(1).inner_text().strip()] = tile.locator(".num").inner_text().strip()
    return found


def upload_through_page(page, base: str, shots: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Choose the two reports on /upload, check the facts read, submit, wait for the job to end."""
    page.goto(base + "/upload")
    page.set_input_files("input[type=file]", [str(p) for p in PAIR])
    rows = page.locator("tr.batch-file")
    rows.nth(1).wait_for()
    assert rows.count() == 2
    for i, year in enumerate(("2024", "2025")):
        row = rows.nth(i)
        assert row.locator(".file").inner_text() == PAIR[i].name
        assert row.locator(".f-region").input_value() == REGION  # pre-filled from what the engine read
        assert row.locator(".f-year").input_value() == year
        assert row.locator(".f-kind").input_value() == "work_report"
        assert row.locator(".f-region").is_editable() and row.locator(".f-year").is_editable()
    if shots:
        page.shot("1-facts")
    page.get_by_role("button", name="上传并提取").click()
    page.locator("#job").wait_for(state="visible")
    bar = page.locator("#job-bar")
    assert bar.is_visible()
    if shots:
        page.shot("2-progress")
    page.locator('#job[data-state="done"]').wait_for(state="attached", timeout=120_000)
    assert bar.get_attribute("value") == bar.get_attribute("max") == "2"
    assert "已处理 2/2" in page.locator("#job-text").inner_text()
    assert page.locator("#job-errors").is_hidden()
    if shots:
        page.shot("3-finished")


def test_upload_two_reports_and_read_the_verdicts(empty_server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(empty_server + "/")
    before = _tiles(page)
    assert before["文件"] == "0"

    upload_through_page(page, empty_server, shots=True)
    assert re.search(r"/upload\?job=[0-9a-f]{32}$", page.url)
    docs = page.locator("#job-documents li")
    assert docs.count() == 2 and "longhua-2024-work-report.txt" in docs.first.inner_text()

    link = page.locator("#job-regions a", has_text=REGION)
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/regions/"))
    assert "尚未评估该地区的目标" not in page.content()
    achieved = page.locator('.verdict[data-status="achieved"]')
    missed = page.locator('.verdict[data-status="missed"]')
    assert achieved.count() >= 1 and missed.count() >= 1
    for verdict in (achieved.first, missed.first):  # both sentences quoted, the figures marked
        verdict.scroll_into_view_if_needed()
        _quote_ok(verdict)
    assert "未完成" in missed.first.inner_text()
    missed.first.scroll_into_view_if_needed()
    page.shot("4-region")

    page.goto(empty_server + "/")
    after = _tiles(page)
    assert after["文件"] == "2" and int(after["已评估目标"]) > 0
    assert int(after["已完成"]) >= 1 and int(after["未完成"]) >= 1
    page.shot("5-overview")


def test_a_bad_file_is_named_and_the_batch_goes_on(empty_server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    page.goto(empty_server + "/upload")
    page.set_input_files("input[type=file]", [str(PAIR[0]), str(bad)])
    page.locator("tr.batch-file").nth(1).wait_for()
    page.get_by_role("button", name="上传并提取").click()
    page.locator('#job[data-state="done"]').wait_for(state="attached", timeout=120_000)
    errors = page.locator("#job-errors li")
    assert errors.count() == 1 and "坏文件.pdf" in errors.first.inner_text()
    assert "无法读取" in errors.first.inner_text()
    assert page.locator("#job-documents li").count() == 1


def _quote_ok(verdict) -> None:  # type: ignore[no-untyped-def]
    target = verdict.locator(".quote.target")
    assert target.count() == 1 and target.inner_text().strip()
    assert target.locator("mark").count() >= 1 and target.locator("mark").first.inner_text().strip()
    evidence = verdict.locator(".quote.evidence")
    assert evidence.count() >= 1
    for i in range(evidence.count()):
        assert evidence.nth(i).inner_text().strip() and evidence.nth(i).locator("mark").count() >= 1
