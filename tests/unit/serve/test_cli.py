"""``planwatch serve`` prints its address and serves the dashboard there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from planwatch.auth import users
from planwatch.store.db import open_store, transaction

from .conftest import seeded_store


def test_serve_prints_the_address_and_answers(tmp_path: Path) -> None:
    url = seeded_store(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PLANWATCH_UPLOAD_DIR": str(tmp_path / "up")}
    cmd = [
        sys.executable,
        "-c",
        "from planwatch.cli import main; main()",
        "serve",
        "--db",
        url,
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        assert resp.status_code == 200 and "天津市河西区" in resp.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _cli_serve(monkeypatch: pytest.MonkeyPatch, url: str, host: str) -> tuple[Result, list[dict[str, Any]]]:
    """Run ``planwatch serve --host HOST`` in-process with uvicorn.run recorded instead of serving."""
    import uvicorn

    from planwatch.cli import app
    from planwatch.serve import app as app_module

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append(kw))
    monkeypatch.setattr(app_module, "tune_gc", lambda: None)  # leave the test process's collector alone
    result = CliRunner().invoke(app, ["serve", "--db", url, "--host", host, "--port", "8765"])
    return result, calls


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_serve_on_a_public_address_needs_an_admin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    url = seeded_store(tmp_path)
    result, calls = _cli_serve(monkeypatch, url, host)
    assert result.exit_code == 2, result.output
    assert calls == []  # never started
    assert "no admin account" in result.stderr and "planwatch users add" in result.stderr
    assert "PlanWatch: http" not in result.stdout
    engine = open_store(url)  # an editor is not enough
    with transaction(engine) as s:
        users.add_user(s, "ed", "ed-secret-22", "editor")
    engine.dispose()
    result, calls = _cli_serve(monkeypatch, url, host)
    assert result.exit_code == 2 and calls == []


def test_serve_on_a_public_address_with_an_admin_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = seeded_store(tmp_path)
    engine = open_store(url)
    with transaction(engine) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
    engine.dispose()
    result, calls = _cli_serve(monkeypatch, url, "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "0.0.0.0", "port": 8765, "log_level": "warning"}]
    assert "http://0.0.0.0:8765" in result.stdout


def test_serve_on_loopback_needs_no_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _cli_serve(monkeypatch, seeded_store(tmp_path), "127.0.0.1")
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["host"] == "127.0.0.1"
