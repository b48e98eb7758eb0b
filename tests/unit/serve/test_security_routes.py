"""Every state-changing route — each unsafe operation of the OpenAPI schema, and the page forms — is
refused without auth, to a viewer, with a garbage, an expired or a viewer's token, and without, with a
wrong or with a cross-origin CSRF token; and nothing changes in the store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update

from planwatch.auth import users
from planwatch.auth.schema import ApiTokenRow, UserRow
from planwatch.review.schema import AuditRow, CorrectionRow
from planwatch.serve.app import create_app
from planwatch.store.db import open_store, transaction
from planwatch.store.schema import DocumentRow, StatementRow

from .conftest import seeded_store

UNSAFE = ("post", "put", "patch", "delete")
#: State-changing routes of the dashboard that the API schema does not list.
PAGE_ROUTES = (("post", "/upload"), ("post", "/logout"))
PASSWORDS = {"ada": "ada-secret-1", "vic": "vic-secret-3"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, TestClient, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("security-routes")
    engine = open_store(seeded_store(folder))
    with transaction(engine) as s:
        users.add_user(s, "ada", PASSWORDS["ada"], "admin")
        users.add_user(s, "vic", PASSWORDS["vic"], "viewer")
        tokens = {"viewer": users.create_token(s, "vic"), "expired": users.create_token(s, "ada", "old")}
        past = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        s.execute(update(ApiTokenRow).where(ApiTokenRow.label == "old").values(expires=past))
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=folder / "up")) as c:
        yield engine, c, tokens


def unsafe_routes(client: TestClient) -> list[tuple[str, str]]:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    found = [(method, re.sub(r"\{[^}]+\}", "x", path))
             for path, item in schema["paths"].items() for method in item if method in UNSAFE]
    return found + list(PAGE_ROUTES)


def counts(engine: Engine) -> tuple[int, ...]:
    with transaction(engine) as s:
        return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)
                     for t in (DocumentRow, StatementRow, UserRow, ApiTokenRow, CorrectionRow, AuditRow))


def signed_in(app: Any, name: str) -> tuple[TestClient, str]:
    c = TestClient(app)
    token = TOKEN.search(c.get("/login").text)
    assert token is not None
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token.group(1)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c, str(c.get("/api/me").json()["csrf"])


def send(c: TestClient, method: str, path: str, headers: dict[str, str] | None = None) -> Any:
    if path in ("/upload", "/api/documents"):
        return c.request(method, path, headers=headers, files={"file": ("x.txt", b"2025\n", "text/plain")},
                         follow_redirects=False)
    if path in ("/api/uploads", "/api/uploads/preview"):
        return c.request(method, path, headers=headers, files={"files": ("x.txt", b"2025\n", "text/plain")},
                         follow_redirects=False)
    if path in ("/logout", "/login"):
        return c.request(method, path, headers=headers, data={"name": "ada"}, follow_redirects=False)
    body = {"name": "mallory", "password": "mallory-secret", "role": "admin", "label": "x", "doc": "x",
            "action": "delete", "item": "x"}
    return c.request(method, path, headers=headers, json=body, follow_redirects=False)


def refused(r: Any, path: str) -> bool:
    if r.status_code in (401, 403):
        return True
    # a page asked for by nobody signed in goes to the sign-in form
    to_login = r.status_code == 303 and r.headers["location"].startswith("/login")
    return not path.startswith("/api/") and to_login


def test_every_state_changing_route_refuses_every_wrong_caller(
        store: tuple[Engine, TestClient, dict[str, str]]) -> None:
    engine, client, tokens = store
    routes = unsafe_routes(client)
    assert {("post", "/api/review/corrections"), ("post", "/api/users"), ("delete", "/api/users/x"),
            ("post", "/api/tokens"), ("delete", "/api/tokens/x"), ("post", "/api/documents")} <= set(routes)
    before = counts(engine)
    viewer, viewer_csrf = signed_in(client.app, "vic")
    admin, admin_csrf = signed_in(client.app, "ada")
    anonymous = TestClient(client.app)
    failures = []
    for method, path in routes:
        attempts: list[tuple[str, TestClient, dict[str, str]]] = [
            ("viewer", viewer, {"X-CSRF-Token": viewer_csrf}),
            ("garbage token", anonymous, {"Authorization": "Bearer pw_garbage"}),
            ("not even a token", anonymous, {"Authorization": "Bearer " + "A" * 300}),
            ("expired token", anonymous, {"Authorization": f"Bearer {tokens['expired']}"}),
            ("viewer token", anonymous, {"Authorization": f"Bearer {tokens['viewer']}"}),
            ("admin, no CSRF token", admin, {}),
            ("admin, wrong CSRF token", admin, {"X-CSRF-Token": admin_csrf[:-3] + "abc"}),
            ("admin, another session's token", admin, {"X-CSRF-Token": viewer_csrf}),
            ("admin, cross-origin", admin, {"X-CSRF-Token": admin_csrf, "Origin": "http://evil.example"}),
        ]
        if path == "/logout":  # anyone signed in may sign out: only the token checks apply
            attempts = attempts[1:]
        else:
            attempts.insert(0, ("nobody", anonymous, {}))
        for who, c, headers in attempts:
            r = send(c, method, path, headers)
            if not refused(r, path):
                failures.append(f"{method.upper()} {path} as {who}: {r.status_code} {r.text[:120]}")
    assert not failures, "\n".join(failures)
    assert counts(engine)[:5] == before[:5]  # nothing stored (the audit log aside: nothing was audited)
    assert counts(engine)[5] == before[5]
    assert admin.get("/api/me").status_code == 200  # the admin is still signed in: /logout was refused too


def test_the_sign_in_form_needs_its_csrf_token(store: tuple[Engine, TestClient, dict[str, str]]) -> None:
    _, client, _ = store
    c = TestClient(client.app)
    form = {"name": "ada", "password": PASSWORDS["ada"]}
    assert c.post("/login", data=form, follow_redirects=False).status_code == 403
    assert c.post("/login", data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
    assert c.get("/api/me").status_code == 401


def test_a_local_install_refuses_cross_origin_and_tokenless_writes(tmp_path: Path) -> None:
    with TestClient(create_app(seeded_store(tmp_path), upload_dir=tmp_path / "up")) as c:
        csrf = c.get("/api/me").json()["csrf"]
        for method, path in unsafe_routes(c):
            cross = send(c, method, path, {"X-CSRF-Token": csrf, "Origin": "http://evil.example"})
            assert cross.status_code == 403, (method, path, cross.text)
            guarded = path.startswith(("/api/review", "/api/users", "/api/tokens", "/logout"))
            if guarded or path.endswith("/facts"):
                assert send(c, method, path).status_code == 403, (method, path)
                assert send(c, method, path, {"X-CSRF-Token": "forged"}).status_code == 403, (method, path)
