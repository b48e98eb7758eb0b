"""``planwatch serve`` prints its address and serves the dashboard there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

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
