"""Users get a stable identity; API tokens are bound to it and expire.

Revision ID: 0004
Revises: 0003

``users.uid`` is a random id, never reused: session cookies and API tokens name it instead of the
user name, so a cookie of a removed user never works for a new account of the same name. Existing
users get a fresh uid and their session epoch moves on (every cookie issued before this revision
names users by name, and is void anyway). ``api_tokens.user_uid`` binds each token to its account,
``api_tokens.expires`` ends it: existing tokens expire 90 days after this migration.

``users`` is altered in place, never copied: on SQLite a batch copy drops the old table, and with
foreign keys on that would delete every API token of the users (ON DELETE CASCADE). So ``uid`` is
added NOT NULL with an empty default there (filled at once, then unique-indexed).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EXISTING_TOKEN_DAYS = 90


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.add_column("users", sa.Column("uid", sa.String(length=32), nullable=not sqlite,
                                     server_default="" if sqlite else None))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("user_uid", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("expires", sa.String(length=40), nullable=True))

    users = sa.table("users", sa.column("name", sa.String), sa.column("uid", sa.String),
                     sa.column("epoch", sa.Integer))
    tokens = sa.table("api_tokens", sa.column("user", sa.String), sa.column("user_uid", sa.String),
                      sa.column("expires", sa.String))
    expires = (datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)).isoformat(timespec="seconds")
    for name, epoch in conn.execute(sa.select(users.c.name, users.c.epoch)).all():
        uid = secrets.token_hex(16)
        conn.execute(users.update().where(users.c.name == name).values(uid=uid, epoch=(epoch or 0) + 1))
        conn.execute(tokens.update().where(tokens.c.user == name).values(user_uid=uid, expires=expires))
    conn.execute(tokens.delete().where(tokens.c.user_uid.is_(None)))  # orphans of removed users

    if not sqlite:
        op.alter_column("users", "uid", existing_type=sa.String(length=32), nullable=False)
    op.create_index("ix_users_uid", "users", ["uid"], unique=True)
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("user_uid", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column("expires", existing_type=sa.String(length=40), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires")
        batch.drop_column("user_uid")
    op.drop_index("ix_users_uid", table_name="users")
    op.drop_column("users", "uid")  # in place (SQLite 3.35+), for the reason above
