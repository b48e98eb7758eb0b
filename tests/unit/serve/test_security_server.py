"""The issue's probe against a real server (uvicorn in a child process): four parallel 400 MB posts to
/login — declared or chunked — are each answered 413 at once, and the server's memory stays flat."""

from __future__ import annotations

import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from planwatch.auth import users
from planwatch.store.db import open_store, transaction

from .conftest import seeded_store

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the server helper, shared with the browser tests

from _server import serving  # noqa: E402

MB = 1024 * 1024
BODY = 400 * MB
#: The most each client sends before it gives up waiting (the server must answer well before).
SEND_AT_MOST = 16 * MB


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def post(base: str, chunked: bool) -> tuple[int, int]:
    """(status, bytes sent) of a 400 MB form posted to /login."""
    parts = urlsplit(base)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BODY}"
    head = (f"POST /login HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n{framing}\r\n\r\n").encode()
    piece, start = b"a" * (256 * 1024), b"csrf_token=x&name="

    def framed(data: bytes) -> bytes:
        return (f"{len(data):x}\r\n".encode() + data + b"\r\n") if chunked else data

    chunk = framed(piece)
    sent = 0
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(head + framed(start))
        s.setblocking(False)
        reply = b""
        deadline = time.monotonic() + 30
        while b"\r\n" not in reply and time.monotonic() < deadline:
            try:
                reply += s.recv(4096)
                if not reply:
                    break
            except BlockingIOError:
                pass
            except OSError:
                break
            if sent < SEND_AT_MOST and b"\r\n" not in reply:
                try:
                    sent += s.send(chunk)
                except (BlockingIOError, InterruptedError):
                    time.sleep(0.001)
                except OSError:  # the server closed the connection: read what it said
                    s.setblocking(True)
                    reply += s.recv(4096)
                    break
            else:
                time.sleep(0.01)
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0
    return status, sent


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_four_parallel_400_mb_posts_get_413_and_the_memory_stays_flat(tmp_path: Path, chunked: bool) -> None:
    url = seeded_store(tmp_path)
    with transaction(open_store(url)) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
    with serving(url, tmp_path / "up", ready="/login", cwd=ROOT) as (base, proc):
        before = rss(proc.pid)
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: post(base, chunked), range(4)))
        after = rss(proc.pid)
    assert [status for status, _ in results] == [413] * 4, results
    assert all(sent < SEND_AT_MOST for _, sent in results), results  # answered before 16 MB of 400
    assert after - before < 64 * MB, (before, after)
