"""``planwatch gold export`` (reviewed statements as gold) and ``planwatch users ...`` (accounts, tokens)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file (default: $PLANWATCH_DATABASE_URL, "
                              "else planwatch.db in the user data directory)."),
]

gold_app = typer.Typer(help="Corrections become gold: export reviewed statements.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts (viewer, editor, admin) and API tokens.", no_args_is_help=True)


@gold_app.command("export")
def export(
    region: Annotated[str | None, typer.Option("--region", help="Region (full name); its sub-regions too.")]
    = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="A .jsonl file, or a folder for one <doc>.jsonl per document (default: stdout).")]
    = None,
    db: DbOption = None,
) -> None:
    """Write the corrected statements of every fully reviewed document as contract JSONL.

    A document is fully reviewed when every machine statement of it has been confirmed,
    edited or deleted. Documents still under review are listed on stderr and left out.
    """
    from planwatch.review.gold import GoldDocument, gold_documents, jsonl
    from planwatch.store.db import open_store, transaction

    engine = open_store(db)
    chunks: list[GoldDocument] = []
    with transaction(engine) as s:
        for d in gold_documents(s, region):
            if isinstance(d, GoldDocument):
                chunks.append(d)
            else:
                typer.echo(f"skipped {d.name}: reviewed {d.reviewed} of {d.total}", err=True)
    if out is not None and (out.is_dir() or out.suffix == ""):
        out.mkdir(parents=True, exist_ok=True)
        for d in chunks:
            (out / (Path(d.name).stem + ".jsonl")).write_text(jsonl(d.records), encoding="utf-8")
    else:
        text = "".join(jsonl(d.records) for d in chunks)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
    typer.echo(f"exported {len(chunks)} document(s), {sum(len(d.records) for d in chunks)} statement(s)",
               err=True)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@contextmanager
def _accounts(db: str | None) -> Iterator[Session]:
    """A transaction on the store at ``db``; an :class:`AuthError` (no such user, bad role, ...)
    rolls it back and becomes a usage error."""
    from planwatch.auth.users import AuthError
    from planwatch.store.db import open_store, transaction

    try:
        with transaction(open_store(db)) as s:
            yield s
    except AuthError as exc:
        raise typer.BadParameter(str(exc)) from exc


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")]
    = False,
    db: DbOption = None,
) -> None:
    """Add a user (asks for the password, which is stored only as an argon2id hash)."""
    from planwatch.auth.users import add_user
    from planwatch.review.service import audit

    password = _password(password_stdin)
    with _accounts(db) as s:
        add_user(s, name, password, role)
        audit(s, "cli", "user.add", {"name": name, "role": role})
    typer.echo(f"added {name} ({role})")


@users_app.command("list")
def list_(db: DbOption = None) -> None:
    """List users and their roles."""
    from planwatch.auth.users import list_users
    from planwatch.store.db import open_store, transaction

    with transaction(open_store(db)) as s:
        for u in list_users(s):
            typer.echo(f"{u.name}\t{u.role}\t{u.created}")


@users_app.command("set-role")
def set_role_(name: str, role: str, db: DbOption = None) -> None:
    """Change a user's role (their sessions and API tokens end)."""
    from planwatch.auth.users import set_role

    with _accounts(db) as s:
        set_role(s, name, role)
    typer.echo(f"{name} is now {role}")


@users_app.command("passwd")
def passwd(name: str, password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
           db: DbOption = None) -> None:
    """Set a user's password (their sessions and API tokens end)."""
    from planwatch.auth.users import set_password

    password = _password(password_stdin)
    with _accounts(db) as s:
        set_password(s, name, password)
    typer.echo(f"password of {name} changed")


@users_app.command("remove")
def remove(name: str, db: DbOption = None) -> None:
    """Remove a user, their sessions and their API tokens (a new account of the name is another user)."""
    from planwatch.auth.users import remove_user

    with _accounts(db) as s:
        remove_user(s, name)
    typer.echo(f"removed {name}")


@users_app.command("token")
def token(
    name: str,
    label: Annotated[str, typer.Option("--label")] = "",
    days: Annotated[int | None, typer.Option(
        "--days", min=1, help="Days the token lasts (default: $PLANWATCH_TOKEN_DAYS, else 90).")] = None,
    db: DbOption = None,
) -> None:
    """Make an API token for NAME (printed once; send it as ``Authorization: Bearer``).

    It ends after --days, when NAME is removed or their password or role changes, or on
    ``planwatch users revoke``.
    """
    from planwatch.auth.settings import SecuritySettings
    from planwatch.auth.users import create_token
    from planwatch.review.service import audit

    with _accounts(db) as s:
        secret = create_token(s, name, label, days or SecuritySettings.from_env().token_days)
        audit(s, "cli", "token.create", {"user": name, "label": label})
    typer.echo(secret)


@users_app.command("tokens")
def tokens(name: str, db: DbOption = None) -> None:
    """List NAME's API tokens: id, created, expires, last used, label (never the secret)."""
    from planwatch.auth.users import list_tokens

    with _accounts(db) as s:
        rows = list_tokens(s, name)
        typer.echo("id\tcreated\texpires\tlast_used\tlabel")
        for t in rows:
            typer.echo(f"{t.id}\t{t.created}\t{t.expires}\t{t.last_used or '-'}\t{t.label}")


@users_app.command("revoke")
def revoke(token_id: Annotated[str, typer.Argument(help="A token id from `planwatch users tokens NAME`.")],
           db: DbOption = None) -> None:
    """Revoke an API token: it is refused from now on."""
    from planwatch.auth.users import AuthError, revoke_token, token_owner
    from planwatch.review.service import audit

    with _accounts(db) as s:
        owner = token_owner(s, token_id)
        if owner is None or not revoke_token(s, token_id):
            raise AuthError(f"no token {token_id}")
        audit(s, "cli", "token.revoke", {"id": token_id, "user": owner})
    typer.echo(f"revoked {token_id} of {owner}")


def register(app: typer.Typer) -> None:
    """Add ``gold`` and ``users`` to ``app``."""
    app.add_typer(gold_app, name="gold")
    app.add_typer(users_app, name="users")
