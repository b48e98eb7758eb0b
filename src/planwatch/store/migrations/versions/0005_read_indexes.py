"""Indexes for the reads any viewer can trigger: current documents, statement measures, target listings.

Revision ID: 0005
Revises: 0004

- ``documents(superseded_by)``: nearly every listing keeps the current versions only;
- ``statements(measure)``: the ``measure`` filter of the statement listing and its exports;
- ``judgements(region, period, doc, start, id)``: the order of the target listing and its
  exports, so a page of it is read from the index, not sorted from the whole table;
- ``judgements(canonical)``: the ``canonical`` filter of the target listing.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_documents_superseded_by", "documents", ("superseded_by",)),
    ("ix_statements_measure", "statements", ("measure",)),
    ("ix_judgements_listing", "judgements", ("region", "period", "doc", "start", "id")),
    ("ix_judgements_canonical", "judgements", ("canonical",)),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns))


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
