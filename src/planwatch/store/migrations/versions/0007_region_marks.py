"""Tracking by region: dirty-region marks, each region's share of the linker's word weights, and
per-region status counts.

Revision ID: 0007
Revises: 0006

- ``region_marks(region, generation, marked_at)``: regions whose documents, corrections or facts
  changed since they were last judged (written with the change, cleared with the judgements);
- ``region_track(region, profiles, words, delivered, published, judged_year)`` and
  ``track_words(word, df)``: what tracking needs of every region to judge one region as the whole
  store would (docs/tracking-method.md, "Judging by region");
- ``region_status_counts(region, period, status, count)``: filled here from the stored judgements,
  then replaced with each region's judgements.

A store upgraded to this revision has no ``region_track`` rows: its first ``planwatch track`` judges
every region (a region with documents and no row is dirty).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "region_marks",
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("region", name="pk_region_marks"),
    )
    op.create_table(
        "region_track",
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("profiles", sa.Integer(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("delivered", sa.String(10), nullable=True),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("judged_year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("region", name="pk_region_track"),
    )
    op.create_table(
        "track_words",
        sa.Column("word", sa.String(200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("word", name="pk_track_words"),
    )
    op.create_table(
        "region_status_counts",
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region", "period", "status", name="pk_region_status_counts"),
    )
    op.execute(
        "INSERT INTO region_status_counts (region, period, status, count) "
        "SELECT COALESCE(region, ''), period, status, COUNT(*) FROM judgements "
        "GROUP BY COALESCE(region, ''), period, status"
    )


def downgrade() -> None:
    for name in ("region_status_counts", "track_words", "region_track", "region_marks"):
        op.drop_table(name)
