"""Request bodies are bounded per route before they are read: a 200 MB body is answered 413 (never 500)
having read at most the route's limit, and unauthenticated senders are refused before any byte.

The app is driven at the ASGI level with a ``receive`` that produces the body on demand and counts what
was taken, so the tests show how much a request made the server read, not only its status.
"""

from __future__ import annotations

import asyncio
import re
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.auth import users
from planwatch.serve import upload
from planwatch.serve.app import create_app
from planwatch.serve.security import MULTIPART_OVERHEAD
from planwatch.store.db import open_store, transaction

from .conftest import seeded_store

MB = 1024 * 1024
HUGE = 200 * MB
CHUNK = 64 * 1024
BOUNDARY = "pwboundary"


class Sent:
    """A request body of ``total`` bytes, produced chunk by chunk as the app asks for it."""

    def __init__(self, total: int, head: bytes = b"") -> None:
        self.total, self.head, self.taken = total, head, 0
        self.filler = b"a" * CHUNK

    async def receive(self) -> dict[str, Any]:
        if self.taken >= self.total:
            await asyncio.sleep(3600)  # a client that sends nothing more (the app must not wait for it)
        part = self.head if self.taken == 0 and self.head else self.filler
        part = part[: self.total - self.taken]
        self.taken += len(part)
        return {"type": "http.request", "body": part, "more_body": self.taken < self.total}


def call(app: FastAPI, method: str, path: str, body: Sent, headers: dict[str, str],
         declare: bool) -> tuple[int, dict[str, str], bytes]:
    hdrs = {"host": "127.0.0.1:8000", **headers}
    if declare:
        hdrs["content-length"] = str(body.total)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in hdrs.items()],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {},
    }
    out: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    async def run() -> None:
        await asyncio.wait_for(app(scope, body.receive, send), timeout=60)

    # a thread of its own: an earlier test in this process (Playwright's sync API) may hold a running loop
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    return out["status"], out["headers"], out["body"]


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("limits-local")
    return create_app(seeded_store(folder), upload_dir=folder / "up")


@pytest.fixture(scope="module")
def multi_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("limits-multi")
    url = seeded_store(folder)
    with transaction(open_store(url)) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
    return create_app(url, upload_dir=folder / "up")


def csrf_of(app: FastAPI) -> tuple[str, str]:
    """A session cookie and its CSRF token (local install)."""
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        token = c.get("/api/me").json()["csrf"]
        return f"pw_session={c.cookies.get('pw_session')}", str(token)


FORM = {"content-type": "application/x-www-form-urlencoded"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.mark.parametrize("declare", [True, False], ids=["content-length", "chunked"])
def test_a_200_mb_sign_in_form_is_refused_after_reading_at_most_its_limit(multi_app: FastAPI,
                                                                          declare: bool) -> None:
    body = Sent(HUGE, b"csrf_token=x&name=ada&password=")
    tracemalloc.start()
    status, headers, text = call(multi_app, "POST", "/login", body, FORM, declare)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 413, text[:200]
    assert body.taken == 0 if declare else body.taken <= 64 * 1024 + CHUNK
    assert peak < 20 * MB
    assert "content-security-policy" in headers


@pytest.mark.parametrize("declare", [True, False], ids=["content-length", "chunked"])
def test_a_200_mb_upload_is_refused_at_the_upload_limit(local_app: FastAPI, declare: bool) -> None:
    cookie, token = csrf_of(local_app)
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    body = Sent(HUGE, head)
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", "cookie": cookie}
    status, _, text = call(local_app, "POST", "/upload", body, headers, declare)
    assert status == 413, text[:200]
    limit = upload.MAX_BYTES + MULTIPART_OVERHEAD
    assert body.taken == 0 if declare else body.taken <= limit + CHUNK
    assert "太大" in text.decode()  # the page says why, in Chinese


def test_a_200_mb_json_body_is_refused(local_app: FastAPI) -> None:
    cookie, token = csrf_of(local_app)
    body = Sent(HUGE, b'{"doc": "')
    headers = {"content-type": "application/json", "cookie": cookie, "x-csrf-token": token}
    status, _, text = call(local_app, "POST", "/api/review/corrections", body, headers, False)
    assert status == 413 and b"too large" in text
    assert body.taken <= MB + CHUNK


@pytest.mark.parametrize("path", ["/upload", "/api/documents", "/api/review/corrections", "/api/users"])
def test_nobody_signed_in_is_refused_before_the_body_is_read(multi_app: FastAPI, path: str) -> None:
    body = Sent(10 * MB, b"")
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    status, _, _ = call(multi_app, "POST", path, body, headers, False)
    assert status in (303, 401) and body.taken == 0


def admin_cookie(app: FastAPI) -> str:
    with TestClient(app) as c:
        token = TOKEN.search(c.get("/login").text)
        assert token is not None
        r = c.post("/login", data={"name": "ada", "password": "ada-secret-1", "csrf_token": token.group(1)},
                   follow_redirects=False)
        assert r.status_code == 303
        return f"pw_session={c.cookies.get('pw_session')}"


def test_the_csrf_field_is_looked_for_only_in_a_multipart_prefix(multi_app: FastAPI) -> None:
    """A form whose token comes after a big file part is refused after 64 KB, not read to its end."""
    cookie = admin_cookie(multi_app)
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    body = Sent(5 * MB, head)
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", "cookie": cookie}
    status, _, _ = call(multi_app, "POST", "/api/review/corrections", body, headers, True)
    assert status == 413 and body.taken == 0  # over the JSON route's 1 MB limit: refused unread
    body = Sent(5 * MB, head)
    status, _, _ = call(multi_app, "POST", "/upload", body, headers, True)
    assert status == 403 and body.taken <= 64 * 1024 + 2 * CHUNK


def test_limits_are_settings_and_an_ordinary_client_gets_413(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_MAX_FORM_BYTES", "1024")
    with TestClient(create_app(seeded_store(tmp_path), upload_dir=tmp_path / "up")) as c:
        big = c.post("/login", data={"name": "x" * 2000, "password": "y"})
        assert big.status_code == 413
        assert c.post("/login", content=b"a=b", headers={"content-length": "nope",
                                                          **FORM}).status_code in (400, 413)
        assert c.get("/").status_code == 200

