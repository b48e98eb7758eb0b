"""Roles, sessions, CSRF, API tokens and the review API, over a seeded store (dev corpus + gold)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from planwatch.auth import users
from planwatch.auth.schema import UserRow
from planwatch.errors import PlanWatchError
from planwatch.review.schema import AuditRow
from planwatch.serve.app import create_app
from planwatch.serve.seed import seed
from planwatch.store.db import open_store, transaction

from .conftest import DEV, GOLD

TARGET_DOC = "003_2e2f5eaad98d6f0d.txt"
PASSWORDS = {"ada": "ada-secret-1", "ed": "ed-secret-22", "vic": "vic-secret-3"}
ROLES = {"ada": "admin", "ed": "editor", "vic": "viewer"}


def seeded(folder: Path, with_users: bool) -> Engine:
    engine = open_store(f"sqlite:///{folder / 'store.db'}")
    seed(engine, DEV, GOLD)
    if with_users:
        with transaction(engine) as s:
            for name, pw in PASSWORDS.items():
                users.add_user(s, name, pw, ROLES[name])
    return engine


@pytest.fixture()
def multi(tmp_path: Path) -> Iterator[tuple[Engine, TestClient]]:
    engine = seeded(tmp_path, True)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        yield engine, c


@pytest.fixture()
def local(tmp_path: Path) -> Iterator[tuple[Engine, TestClient]]:
    engine = seeded(tmp_path, False)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        yield engine, c


def login(c: TestClient, name: str, password: str | None = None) -> str:
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    r = c.post("/login", data={"name": name, "password": password or PASSWORDS[name],
                               "csrf_token": token.group(1), "next": "/review"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "max-age=" in cookie
    assert (password or PASSWORDS[name]) not in cookie
    return str(c.get("/api/me").json()["csrf"])


def target_item(c: TestClient) -> dict:
    """The 2.6万家 private-enterprise target of doc 003 (judged achieved by a later 2.9万户)."""
    doc = c.get(f"/api/review/documents/{TARGET_DOC}").json()
    return next(s for s in doc["statements"] if s["text"] == "2.6万家" and s["kind"] == "target")


def test_anonymous_requests_need_a_login_when_users_exist(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    assert c.get("/api/review/queue").status_code == 401
    assert c.get("/api/regions").status_code == 401
    r = c.get("/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert c.get("/login").status_code == 200


def test_editor_corrects_and_the_judgement_changes(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    csrf = login(c, "ed")
    item = target_item(c)
    first = c.post("/api/review/corrections", headers={"X-CSRF-Token": csrf},
                   json={"doc": TARGET_DOC, "action": "confirm", "item": item["id"]})
    assert first.status_code == 200, first.text
    before = first.json()["judgement"]["status"]
    assert before == "achieved"
    r = c.post("/api/review/corrections", headers={"X-CSRF-Token": csrf},
               json={"doc": TARGET_DOC, "action": "edit", "item": first.json()["statement"]["id"],
                     "fields": {"value": 50000}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["statement"]["value"] == 50000 and body["correction"]["author"] == "ed"
    assert body["judgement"]["status"] != before
    history = c.get("/api/review/history", params={"doc": TARGET_DOC, "item": body["statement"]["id"]}).json()
    assert [h["event"] for h in history] == ["correction.confirm", "correction.edit"]
    assert history[1]["before"]["value"] == 26000 and history[1]["after"]["value"] == 50000
    assert all(h["actor"] == "ed" for h in history)
    with transaction(engine) as s:
        assert s.scalars(select(AuditRow.actor).where(AuditRow.event == "correction.edit")).all() == ["ed"]


def test_viewer_cannot_edit(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    csrf = login(c, "vic")
    item = target_item(c)
    r = c.post("/api/review/corrections", headers={"X-CSRF-Token": csrf},
               json={"doc": TARGET_DOC, "action": "delete", "item": item["id"]})
    assert r.status_code == 403
    page = c.get(f"/review/documents/{TARGET_DOC}", params={"item": item["id"]})
    assert page.status_code == 200 and "2.6万家" in page.text
    assert 'id="editform"' not in page.text and "btn-confirm" not in page.text
    assert c.get("/api/users").status_code == 403
    assert target_item(c)["id"] == item["id"]  # nothing changed


def test_requests_without_csrf_token_are_refused(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    csrf = login(c, "ed")
    item = target_item(c)
    body = {"doc": TARGET_DOC, "action": "delete", "item": item["id"]}
    assert c.post("/api/review/corrections", json=body).status_code == 403
    assert c.post("/api/review/corrections", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    cross = c.post("/api/review/corrections", json=body,
                   headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"})
    assert cross.status_code == 403
    # a login form without the token is refused too
    assert c.post("/login", data={"name": "ed", "password": PASSWORDS["ed"]}).status_code == 403
    assert target_item(c)["id"] == item["id"]


def test_local_install_is_one_editor_with_csrf(local: tuple[Engine, TestClient]) -> None:
    _, c = local
    me = c.get("/api/me").json()
    assert (me["name"], me["role"]) == ("local", "editor")
    item = target_item(c)
    body = {"doc": TARGET_DOC, "action": "confirm", "item": item["id"]}
    assert c.post("/api/review/corrections", json=body).status_code == 403
    ok = c.post("/api/review/corrections", json=body, headers={"X-CSRF-Token": me["csrf"]})
    assert ok.status_code == 200


def test_local_install_serves_only_this_machine(tmp_path: Path) -> None:
    engine = seeded(tmp_path, False)
    app = create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")
    with TestClient(app, client=("10.1.2.3", 5000)) as c:
        assert c.get("/api/regions").status_code == 403
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/regions").status_code == 200
        # a DNS-rebinding page reaches the loopback address under its own name
        assert c.get("/api/regions", headers={"Host": "evil.example:8000"}).status_code == 403


def test_server_refuses_to_start_without_admin(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    users.require_admin_to_serve(engine, "127.0.0.1")
    with pytest.raises(PlanWatchError, match="no admin"):
        users.require_admin_to_serve(engine, "0.0.0.0")
    with transaction(engine) as s:
        users.add_user(s, "ed", "ed-secret-22", "editor")
    with pytest.raises(PlanWatchError):
        users.require_admin_to_serve(engine, "0.0.0.0")
    with transaction(engine) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
    users.require_admin_to_serve(engine, "0.0.0.0")


def test_api_tokens(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    csrf = login(c, "ed")
    token = c.post("/api/tokens", json={"label": "script"}, headers={"X-CSRF-Token": csrf}).json()["token"]
    with transaction(engine) as s:
        viewer_token = users.create_token(s, "vic")
    item = target_item(c)
    body = {"doc": TARGET_DOC, "action": "confirm", "item": item["id"]}
    script = TestClient(c.app)
    assert script.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["name"] == "ed"
    assert script.post("/api/review/corrections", json=body,
                       headers={"Authorization": f"Bearer {viewer_token}"}).status_code == 403
    assert script.post("/api/review/corrections", json=body,
                       headers={"Authorization": "Bearer pw_nope"}).status_code == 401
    ok = script.post("/api/review/corrections", json=body, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["correction"]["author"] == "ed"
    with transaction(engine) as s:
        stored = s.scalars(select(users.ApiTokenRow.token_hash)).all()
    assert token not in stored and len(stored) == 2


def test_admin_manages_users(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    csrf = login(c, "ada")
    h = {"X-CSRF-Token": csrf}
    assert c.post("/api/users", json={"name": "new", "password": "new-secret-9", "role": "editor"},
                  headers=h).status_code == 201
    assert {u["name"] for u in c.get("/api/users").json()} == {"ada", "ed", "vic", "new"}
    bad = c.post("/api/users", json={"name": "x y", "password": "new-secret-9"}, headers=h)
    assert bad.status_code == 400
    assert c.delete("/api/users/new", headers=h).status_code == 200


def test_password_hashes_are_not_reversible_and_not_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    engine = seeded(tmp_path, True)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        login(c, "ed")
        c.post("/login", data={"name": "vic", "password": "wrong-password"})
    with transaction(engine) as s:
        hashes = {u.name: u.password_hash for u in s.scalars(select(UserRow))}
        assert all(users.authenticate(s, n, PASSWORDS[n]) for n in PASSWORDS)
        assert users.authenticate(s, "ed", PASSWORDS["vic"]) is None
    for name, h in hashes.items():
        assert h.startswith("$argon2id$") and PASSWORDS[name] not in h
    assert len(set(hashes.values())) == 3
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert not any(pw in logged for pw in [*PASSWORDS.values(), "wrong-password"])
    raw = (tmp_path / "store.db").read_bytes()
    assert not any(pw.encode() in raw for pw in PASSWORDS.values())


def test_sessions_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_SESSION_IDLE", "1")
    engine = seeded(tmp_path, True)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        login(c, "ed")
        assert c.get("/api/me").status_code == 200
        time.sleep(2.2)
        assert c.get("/api/me").status_code == 401
        assert c.get("/api/me").status_code == 401  # the fresh cookie is an anonymous one


def test_sessions_end_after_their_maximum_age_even_in_use(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_SESSION_MAX", "2")
    engine = seeded(tmp_path, True)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        login(c, "ed")
        codes = []
        for _ in range(8):
            codes.append(c.get("/api/me").status_code)
            time.sleep(0.5)
    assert codes[0] == 200 and codes[-1] == 401


def test_logout_ends_the_session(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    csrf = login(c, "ed")
    old = c.cookies.get("pw_session")
    assert c.post("/logout", headers={"X-CSRF-Token": csrf}, follow_redirects=False).status_code == 303
    assert c.get("/api/me").status_code == 401
    replay = TestClient(c.app, cookies={"pw_session": old or ""})
    assert replay.get("/api/me").status_code == 401


def test_login_attempts_are_rate_limited(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    codes = [c.post("/login", data={"name": "ed", "password": f"guess-{i}", "csrf_token": token}).status_code
             for i in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    right = c.post("/login", data={"name": "ed", "password": PASSWORDS["ed"], "csrf_token": token},
                   follow_redirects=False)
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0


def test_editor_uploads_with_the_form_token(multi: tuple[Engine, TestClient]) -> None:
    """Multipart forms carry the CSRF token as a field; the route still reads the whole form."""
    _, c = multi
    data = (DEV / TARGET_DOC).read_bytes()
    files = {"file": ("copy.txt", data + b"\n", "text/plain")}
    anonymous = c.post("/upload", files=files, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    csrf = login(c, "ed")
    assert c.post("/upload", files=files, follow_redirects=False).status_code == 403
    r = c.post("/upload", files=files, data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code in (200, 303), r.text[:300]
    listed = c.get("/api/documents", params={"limit": 100}).json()["items"]
    assert any(d["name"] == "copy.txt" for d in listed)


def test_login_redirects_only_within_the_site(multi: tuple[Engine, TestClient]) -> None:
    _, c = multi
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    cases = (("//evil.example/x", "/"), ("https://evil.example", "/"), ("/review", "/review"))
    for target, expected in cases:
        r = c.post("/login", data={"name": "vic", "password": PASSWORDS["vic"], "csrf_token": token,
                                   "next": target}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == expected
        token = c.get("/api/me").json()["csrf"]
