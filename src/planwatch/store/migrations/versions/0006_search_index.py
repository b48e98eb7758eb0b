"""The full-text search index: FTS5 tables and triggers on SQLite, pg_trgm GIN indexes on PostgreSQL.

Revision ID: 0006
Revises: 0005

Made at the app's start-up before this revision (``planwatch.serve.search.ensure_index``); the
statements are idempotent, so a store that already has the index upgrades cleanly. On SQLite the
index is filled from the rows already stored. See ``planwatch.store.search_index``.
"""

from __future__ import annotations

from alembic import op

from planwatch.store import search_index

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
