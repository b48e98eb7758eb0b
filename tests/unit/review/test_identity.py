"""Sessions and API tokens are bound to the account (its uid), not its name, and die with it.

The probes of issue 10: a removed viewer's cookie must not act as a new admin of the same name;
tokens expire, are revoked, and end on removal, password change and role change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from planwatch.auth import users
from planwatch.auth.schema import ApiTokenRow, UserRow
from planwatch.cli import app as cli
from planwatch.serve.app import create_app
from planwatch.store.db import open_store, transaction

from .test_auth_api import PASSWORDS, login, seeded

NEW_ADMIN = {"name": "intruder", "password": "intruder-secret", "role": "admin"}


@pytest.fixture()
def multi(tmp_path: Path) -> Iterator[tuple[Engine, TestClient]]:
    engine = seeded(tmp_path, True)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        yield engine, c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_removed_users_cookie_never_works_again_not_even_for_a_new_account_of_the_name(
        multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    login(c, "vic")
    old_cookie = c.cookies.get("pw_session")
    assert c.get("/api/me").json()["name"] == "vic"
    with transaction(engine) as s:
        users.remove_user(s, "vic")
    assert c.get("/api/me").status_code == 401
    with transaction(engine) as s:  # the same name comes back, now as an admin
        users.add_user(s, "vic", "vic-new-secret", "admin")
    replay = TestClient(c.app, cookies={"pw_session": old_cookie or ""})
    assert replay.get("/api/me").status_code == 401
    assert replay.get("/api/users").status_code == 401
    # the old cookie's CSRF token cannot carry a write either
    csrf = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    made = replay.post("/api/users", json=NEW_ADMIN, headers={"X-CSRF-Token": csrf})
    assert made.status_code in (401, 403)
    with transaction(engine) as s:
        assert s.get(UserRow, "intruder") is None


def test_sessions_end_on_demotion_password_change_and_removal(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    for change in ("demote", "password", "remove"):
        with transaction(engine) as s:
            if s.get(UserRow, "ed") is None:
                users.add_user(s, "ed", PASSWORDS["ed"], "editor")
            else:
                users.set_role(s, "ed", "editor")
        csrf = login(c, "ed")
        assert c.get("/api/me").json()["role"] == "editor"
        with transaction(engine) as s:
            if change == "demote":
                users.set_role(s, "ed", "viewer")
            elif change == "password":
                users.set_password(s, "ed", PASSWORDS["ed"])  # even the same password: a new epoch
            else:
                users.remove_user(s, "ed")
        assert c.get("/api/me").status_code == 401, change
        r = c.post("/api/tokens", json={"label": "x"}, headers={"X-CSRF-Token": csrf})
        assert r.status_code in (401, 403), change


def test_tokens_are_bound_to_the_account_and_die_with_it(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    script = TestClient(c.app)
    for change in ("role", "password", "remove"):
        with transaction(engine) as s:
            if s.get(UserRow, "ed") is None:
                users.add_user(s, "ed", PASSWORDS["ed"], "editor")
            token = users.create_token(s, "ed", change)
        assert script.get("/api/me", headers=bearer(token)).json()["name"] == "ed"
        with transaction(engine) as s:
            if change == "role":
                users.set_role(s, "ed", "admin")
            elif change == "password":
                users.set_password(s, "ed", "ed-other-secret")
            else:
                users.remove_user(s, "ed")
                users.add_user(s, "ed", PASSWORDS["ed"], "admin")  # same name, another account
        assert script.get("/api/me", headers=bearer(token)).status_code == 401, change
        with transaction(engine) as s:
            users.set_role(s, "ed", "editor")


def test_a_token_row_left_from_another_account_is_refused(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    with transaction(engine) as s:
        token = users.create_token(s, "ed")
        s.execute(update(UserRow).where(UserRow.name == "ed").values(uid="f" * 32))
    assert TestClient(c.app).get("/api/me", headers=bearer(token)).status_code == 401


def test_tokens_expire(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    with transaction(engine) as s:
        token = users.create_token(s, "ed", days=1)
        row = s.scalar(select(ApiTokenRow))
        assert row is not None
        created, expires = datetime.fromisoformat(row.created), datetime.fromisoformat(row.expires)
        assert timedelta(hours=23) < expires - created <= timedelta(days=1)
    script = TestClient(c.app)
    assert script.get("/api/me", headers=bearer(token)).status_code == 200
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    with transaction(engine) as s:
        s.execute(update(ApiTokenRow).values(expires=past))
    assert script.get("/api/me", headers=bearer(token)).status_code == 401
    with transaction(engine) as s, pytest.raises(users.AuthError):
        users.create_token(s, "ed", days=0)


def test_the_default_token_lifetime_is_a_setting(multi: tuple[Engine, TestClient],
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANWATCH_TOKEN_DAYS", "7")
    engine, _ = multi
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up2")) as c:
        csrf = login(c, "ed")
        made = c.post("/api/tokens", json={"label": "week"}, headers={"X-CSRF-Token": csrf})
        assert made.status_code == 200
        listed = c.get("/api/tokens").json()
    assert len(listed) == 1 and "token" not in listed[0] and "token_hash" not in listed[0]
    lifetime = datetime.fromisoformat(listed[0]["expires"]) - datetime.fromisoformat(listed[0]["created"])
    assert lifetime == timedelta(days=7)


def test_tokens_are_listed_and_revoked_through_the_api(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    with transaction(engine) as s:
        others = users.create_token(s, "vic", "vic's")
        vic_id = s.scalar(select(ApiTokenRow.id).where(ApiTokenRow.user == "vic"))
    csrf = login(c, "ed")
    h = {"X-CSRF-Token": csrf}
    token = c.post("/api/tokens", json={"label": "mine"}, headers=h).json()["token"]
    mine = c.get("/api/tokens").json()
    assert [t["label"] for t in mine] == ["mine"] and mine[0]["last_used"] is None
    script = TestClient(c.app)
    assert script.get("/api/me", headers=bearer(token)).status_code == 200
    assert c.get("/api/tokens").json()[0]["last_used"] is not None
    assert c.delete(f"/api/tokens/{vic_id}", headers=h).status_code == 404  # not ed's
    assert c.delete(f"/api/tokens/{mine[0]['id']}").status_code == 403  # no CSRF token
    assert c.delete(f"/api/tokens/{mine[0]['id']}", headers=h).status_code == 200
    assert script.get("/api/me", headers=bearer(token)).status_code == 401
    assert script.get("/api/me", headers=bearer(others)).status_code == 200
    with transaction(engine) as s:
        stored = s.scalars(select(ApiTokenRow.token_hash)).all()
    assert others not in stored and token not in stored


def test_users_tokens_and_revoke_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert runner.invoke(cli, ["users", "add", "ed", "--role", "editor", "--password-stdin", "--db", db],
                         input="ed-secret-22\n").exit_code == 0
    first = runner.invoke(cli, ["users", "token", "ed", "--label", "ci", "--days", "30", "--db", db])
    second = runner.invoke(cli, ["users", "token", "ed", "--db", db])
    assert first.exit_code == 0 and second.exit_code == 0
    secret = first.output.strip()
    listed = runner.invoke(cli, ["users", "tokens", "ed", "--db", db])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.strip().splitlines()
    assert lines[0].split("\t") == ["id", "created", "expires", "last_used", "label"] and len(lines) == 3
    assert secret not in listed.output and second.output.strip() not in listed.output
    ci = next(line.split("\t") for line in lines[1:] if line.endswith("\tci"))
    assert datetime.fromisoformat(ci[2]) - datetime.fromisoformat(ci[1]) == timedelta(days=30)
    revoked = runner.invoke(cli, ["users", "revoke", ci[0], "--db", db])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert runner.invoke(cli, ["users", "revoke", ci[0], "--db", db]).exit_code != 0
    assert runner.invoke(cli, ["users", "tokens", "nobody", "--db", db]).exit_code != 0
    from planwatch.store.db import open_store

    with transaction(open_store(db)) as s:
        assert users.resolve_token(s, secret) is None
        assert users.resolve_token(s, second.output.strip()) is not None


def test_new_accounts_get_a_fresh_identity_and_session_version(tmp_path: Path) -> None:
    engine = seeded(tmp_path, False)
    seen: set[tuple[str, int]] = set()
    for _ in range(5):
        with transaction(engine) as s:
            row = users.add_user(s, "same", "same-secret-1", "viewer")
            assert (row.uid, row.epoch) not in seen and len(row.uid) == 32
            seen.add((row.uid, row.epoch))
            users.remove_user(s, "same")
    assert len({uid for uid, _ in seen}) == 5


def test_identity_binding_on_each_backend(db_url: str) -> None:
    """The probe at the store level, on SQLite and PostgreSQL: a session or token of a removed account
    is void for a new account of the same name; demotion and password change end them too."""
    engine = open_store(db_url)
    with transaction(engine) as s:
        users.add_user(s, "ada", "ada-secret-1", "admin")
        old = users.add_user(s, "vic", "vic-secret-3", "viewer")
        old_uid, old_epoch = old.uid, old.epoch
        token = users.create_token(s, "vic")
    with transaction(engine) as s:
        assert users.session_user(s, old_uid, old_epoch) is not None
        assert users.resolve_token(s, token) is not None
        users.remove_user(s, "vic")
        new = users.add_user(s, "vic", "vic-secret-4", "admin")
        assert new.uid != old_uid
    with transaction(engine) as s:
        assert users.session_user(s, old_uid, old_epoch) is None
        assert users.resolve_token(s, token) is None
        row = s.get(UserRow, "vic")
        assert row is not None
        uid, epoch = row.uid, row.epoch
        token = users.create_token(s, "vic")
        users.set_role(s, "vic", "editor")
    with transaction(engine) as s:
        assert users.session_user(s, uid, epoch) is None and users.resolve_token(s, token) is None
        fresh = users.session_user(s, uid, epoch + 1)
        assert fresh is not None and fresh.role == "editor"
        token = users.create_token(s, "vic")
        users.set_password(s, "vic", "vic-secret-5")
    with transaction(engine) as s:
        assert users.session_user(s, uid, epoch + 1) is None and users.resolve_token(s, token) is None
    engine.dispose()
