"""End-to-end fixtures: a real uvicorn server on a free loopback port, and Debian's Chromium via Playwright.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (installed
by scripts/system-deps.sh). Where it is missing the tests skip locally and fail in CI.
Screenshots go to ``test-output/browser/`` (gitignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store seeded with the dev corpus and gold, served by uvicorn on 127.0.0.1."""
    from planwatch.serve.seed import seed
    from planwatch.store.db import open_store

    folder = tmp_path_factory.mktemp("browser-store")
    url = f"sqlite:///{folder / 'store.db'}"
    engine = open_store(url)
    seed(engine, DATA / "corpus" / "dev", DATA / "gold" / "dev")
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "PLANWATCH_DATABASE_URL": url, "PLANWATCH_UPLOAD_DIR": str(folder / "uploads")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "planwatch.serve.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/regions", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
