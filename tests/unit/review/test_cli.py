"""``planwatch users ...``: accounts and tokens from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from planwatch.auth import users
from planwatch.auth.schema import UserRow
from planwatch.cli import app
from planwatch.store.db import open_store, transaction

runner = CliRunner()


def test_users_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    ok = runner.invoke(app, ["users", "add", "ada", "--role", "admin", "--password-stdin", "--db", db],
                       input="ada-secret-1\n")
    assert ok.exit_code == 0 and "ada-secret-1" not in ok.output
    weak = runner.invoke(app, ["users", "add", "bob", "--password-stdin", "--db", db], input="short\n")
    assert weak.exit_code != 0 and "8 characters" in weak.output
    assert runner.invoke(app, ["users", "set-role", "ada", "viewer", "--db", db]).exit_code != 0
    assert runner.invoke(app, ["users", "add", "ed", "--role", "editor", "--password-stdin", "--db", db],
                         input="ed-secret-22\n").exit_code == 0
    listed = runner.invoke(app, ["users", "list", "--db", db]).output
    assert "ada\tadmin" in listed and "ed\teditor" in listed
    token = runner.invoke(app, ["users", "token", "ed", "--db", db]).output.strip()
    engine = open_store(db)
    with transaction(engine) as s:
        who = users.resolve_token(s, token)
        assert who is not None and (who.name, who.role) == ("ed", "editor")
        assert s.scalar(select(UserRow.password_hash).where(UserRow.name == "ed")).startswith("$argon2id$")
    assert runner.invoke(app, ["users", "passwd", "ed", "--password-stdin", "--db", db],
                         input="ed-secret-33\n").exit_code == 0
    with transaction(engine) as s:
        assert users.authenticate(s, "ed", "ed-secret-33") is not None
        assert users.authenticate(s, "ed", "ed-secret-22") is None
    assert runner.invoke(app, ["users", "remove", "ed", "--db", db]).exit_code == 0
    with transaction(engine) as s:
        assert users.resolve_token(s, token) is None
