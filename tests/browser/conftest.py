"""End-to-end fixtures: a real uvicorn server on a free loopback port, and Debian's Chromium via Playwright.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (installed
by scripts/system-deps.sh). Where it is missing the tests skip locally and fail in CI.
Screenshots go to ``test-output/browser/`` (gitignored).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the server helper, shared with the serving benchmark

from _server import serving  # noqa: E402

DATA = ROOT / "tests" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "test-output" / "browser"


def seeded_store(folder: Path, users: Mapping[str, tuple[str, str]] | None = None) -> str:
    """The URL of a SQLite store in ``folder`` seeded with the dev corpus and gold, and ``users``
    (name → (role, password))."""
    from planwatch.auth.users import add_user
    from planwatch.serve.seed import seed
    from planwatch.store.db import open_store, transaction

    url = f"sqlite:///{folder / 'store.db'}"
    engine = open_store(url)
    seed(engine, DATA / "corpus" / "dev", DATA / "gold" / "dev")
    if users:
        with transaction(engine) as s:
            for name, (role, pw) in users.items():
                add_user(s, name, pw, role)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store seeded with the dev corpus and gold, served by uvicorn on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser-store")
    with serving(seeded_store(folder), folder / "uploads", cwd=ROOT) as (base, _):
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing: scripts/system-deps.sh installs it")
        pytest.skip("/usr/bin/chromium is missing (run scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.shot = lambda name: _shot(pg, request.node.name, name)  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _shot(pg: object, test: str, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{test}-{name}.png"
    pg.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path


#: The accounts of the review and facts stores: an editor, a viewer and an admin.
USERS = {"ed": ("editor", "ed-secret-22"), "vic": ("viewer", "vic-secret-3"),
         "ada": ("admin", "ada-secret-1")}


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a seeded store with an admin, an editor and a viewer, served by uvicorn on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("review-store")
    with serving(seeded_store(folder, USERS), folder / "uploads", ready="/login", cwd=ROOT) as (base, _):
        yield base


def login(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Sign ``name`` (of :data:`USERS`) in through the form; lands on the review page."""
    page.goto(f"{base}/login?next=/review")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", USERS[name][1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/review$"))
