"""Documents: the facts the engine is unsure of.

Revision ID: 0003
Revises: 0002

``documents.unsure`` lists the facts (region, year, kind) that the structure stage could not
establish with confidence, each as ``field: reason``; the dashboard and the review queue show them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("unsure", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("unsure")
