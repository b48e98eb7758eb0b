"""Indexes for the dashboard's reads at 100,000 documents (``planwatch.store.read_indexes``).

Revision ID: 0008
Revises: 0007

Composite indexes matching the WHERE and ORDER BY of the listings and their keyset pagination,
partial ones on current documents, and on PostgreSQL ``varchar_pattern_ops`` for region prefixes.
"""

from __future__ import annotations

from alembic import op

from planwatch.store import read_indexes

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    read_indexes.create(op.get_bind())


def downgrade() -> None:
    read_indexes.drop(op.get_bind())
