"""Security headers on every response, no inline script anywhere, cookie flags, the Host allow-list of a
single-user install, and sign-in throttling per address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.auth import users
from planwatch.serve.app import create_app
from planwatch.store.db import open_store, transaction

from .conftest import seeded_store

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("headers")
    return create_app(seeded_store(folder), upload_dir=folder / "up")


@pytest.fixture()
def client(local: FastAPI) -> Iterator[TestClient]:
    with TestClient(local) as c:
        yield c


def directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}


def pages(c: TestClient) -> list[str]:
    doc = c.get("/api/documents", params={"limit": 1}).json()["items"][0]
    indicator = c.get("/api/indicators").json()[0]["key"]
    return ["/", "/indicators", f"/indicators/{indicator}", f"/documents/{doc['sha256']}", "/search?q=增长",
            "/review", f"/review/documents/{doc['sha256']}", "/upload", "/login", "/api/docs",
            f"/regions/{doc['region']}" if doc.get("region") else "/"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [client.get(p) for p in pages(client)]
    responses += [client.get("/api/regions"), client.get("/static/app.css"), client.get("/no-such-page"),
                  client.get("/api/documents/nope"), client.post("/login", data={"x": "y" * 100_000})]
    assert {r.status_code for r in responses} >= {200, 404, 413}
    for r in responses:
        csp = directives(r.headers["content-security-policy"])
        assert csp["script-src"] == ["'self'"], r.url
        assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "same-origin"


def test_no_page_has_an_inline_script_or_event_handler(client: TestClient) -> None:
    for path in pages(client):
        r = client.get(path)
        assert r.status_code == 200, path
        assert not INLINE_SCRIPT.search(r.text), (path, INLINE_SCRIPT.search(r.text))
        assert not EVENT_HANDLER.search(r.text), (path, EVENT_HANDLER.search(r.text))
        for src in re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", r.text):
            assert src.startswith("/static/"), (path, src)  # vendored assets only
            assert client.get(src).status_code == 200


def cookie_of(r: object) -> str:
    return str(r.headers["set-cookie"]).lower()  # type: ignore[attr-defined]


def test_session_cookie_flags(local: FastAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with TestClient(local) as c:
        plain = cookie_of(c.get("/"))
        assert "httponly" in plain and "samesite=lax" in plain and "path=/" in plain
        assert "secure" not in plain
        # X-Forwarded-Proto from a peer that is not a trusted proxy changes nothing
        forwarded = TestClient(local).get("/", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in cookie_of(forwarded)
    with TestClient(local, base_url="https://testserver") as c:
        first = c.get("/")
        assert "secure" in cookie_of(first) and "strict-transport-security" in first.headers
    monkeypatch.setenv("PLANWATCH_TRUSTED_PROXIES", "testclient")
    with TestClient(create_app(seeded_store(tmp_path), upload_dir=tmp_path / "up")) as c:
        assert "secure" in cookie_of(c.get("/", headers={"X-Forwarded-Proto": "https"}))
        assert "secure" not in cookie_of(TestClient(c.app).get("/"))
    monkeypatch.delenv("PLANWATCH_TRUSTED_PROXIES")
    monkeypatch.setenv("PLANWATCH_SECURE_COOKIES", "1")
    with TestClient(create_app(seeded_store(tmp_path / "b"), upload_dir=tmp_path / "up")) as c:
        assert "secure" in cookie_of(c.get("/"))


def test_a_single_user_install_answers_only_its_own_host_names(local: FastAPI) -> None:
    with TestClient(local, client=("127.0.0.1", 40000), base_url="http://127.0.0.1:8000") as c:
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", "LOCALHOST:8000"):
            assert c.get("/api/regions", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example:8000", "", "localhost:x"):
            r = c.get("/api/regions", headers={"Host": host})
            assert r.status_code == 403, host
        me = c.get("/api/me").json()
        upload = c.post("/upload", headers={"Host": "rebound.example:8000", "X-CSRF-Token": me["csrf"]},
                        files={"file": ("a.txt", b"2025\n", "text/plain")})
        assert upload.status_code == 403
        page = c.get("/", headers={"Host": "rebound.example:8000"})
        assert page.status_code == 403 and "PLANWATCH_ALLOWED_HOSTS" in page.text


def test_the_host_allow_list_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_ALLOWED_HOSTS", "planwatch.lan, 127.0.0.1:9000")
    url = seeded_store(tmp_path)
    with transaction(open_store(url)) as s:  # with users, a configured list applies too
        users.add_user(s, "ada", "ada-secret-1", "admin")
    with TestClient(create_app(url, upload_dir=tmp_path / "up"), client=("10.0.0.5", 40000)) as c:
        assert c.get("/login", headers={"Host": "planwatch.lan"}).status_code == 200
        assert c.get("/login", headers={"Host": "planwatch.lan:8443"}).status_code == 200
        assert c.get("/login", headers={"Host": "127.0.0.1:9000"}).status_code == 200
        assert c.get("/login", headers={"Host": "127.0.0.1:8000"}).status_code == 403
        assert c.get("/login", headers={"Host": "localhost"}).status_code == 403


def test_sign_in_is_throttled_per_address_across_user_names(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_LOGIN_ADDRESS_FAILURES", "4")
    url = seeded_store(tmp_path)
    with transaction(open_store(url)) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
    with TestClient(create_app(url, upload_dir=tmp_path / "up")) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
        assert token is not None
        codes = [c.post("/login", data={"name": f"user{i}", "password": "wrong-password",
                                        "csrf_token": token.group(1)}).status_code for i in range(5)]
        assert codes == [401, 401, 401, 401, 429]
        right = c.post("/login", data={"name": "ada", "password": "ada-secret-1",
                                       "csrf_token": token.group(1)}, follow_redirects=False)
        assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0
    with TestClient(create_app(url, upload_dir=tmp_path / "up"), client=("10.0.0.9", 1)) as other:
        token = re.search(r'name="csrf_token" value="([^"]+)"', other.get("/login").text)
        assert token is not None  # another address (and another server process) is not held back
        ok = other.post("/login", data={"name": "ada", "password": "ada-secret-1",
                                        "csrf_token": token.group(1)}, follow_redirects=False)
        assert ok.status_code == 303


def test_spraying_user_names_does_not_reset_an_address_limit() -> None:
    from planwatch.auth.ratelimit import LoginLimiter

    limiter = LoginLimiter(per_user=5, per_address=3, max_keys=10)
    for i in range(50):
        limiter.failed(f"name{i}", "10.0.0.1")
    assert limiter.retry_after("anyone", "10.0.0.1") > 0
    assert limiter.retry_after("anyone", "10.0.0.2") == 0
    assert len(limiter._fails) <= 12
