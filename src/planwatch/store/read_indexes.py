"""Indexes for the dashboard's reads at 100,000 documents (Alembic revision ``0008``).

Each one matches the WHERE and ORDER BY of a query of ``planwatch.serve.read`` (see
docs/scaling.md, "The store at 100,000 documents", for the EXPLAIN ANALYZE before and after):

- ``ix_documents_listing``: current documents newest first — ``coalesce(delivered, published, '')``
  descending, then name and hash (the keyset of ``/api/documents``), partial on ``superseded_by IS NULL``;
- ``ix_documents_current_name``: current documents by name — the candidate walk of a two-character
  search (``planwatch.serve.read.search``) and search results' order;
- ``ix_statements_listing``: a document's statements in text order with the id (the keyset of
  ``/api/statements``); ``ix_statements_canonical_kind``: an indicator's statements of one kind,
  in that order;
- ``ix_judgements_doc``: a document's targets (the document page); ``ix_judgements_canonical_listing``:
  an indicator's targets in listing order (the indicator page);
- PostgreSQL only, ``varchar_pattern_ops`` on ``documents.region`` and ``judgements.region``: the
  ``region LIKE '天津市%'`` of a region and its subregions uses a B-tree whatever the collation.

Some are expression, partial or operator-class indexes, so they are written as SQL here, not as
models; :func:`planwatch.store.search_index.include_name` keeps them out of Alembic's comparison.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: (name, table, SQL after ``ON table``, PostgreSQL only)
INDEXES: tuple[tuple[str, str, str, bool], ...] = (
    ("ix_documents_listing", "documents",
     "(coalesce(delivered, published, '') DESC, name, sha256) WHERE superseded_by IS NULL", False),
    ("ix_documents_current_name", "documents", "(name, sha256) WHERE superseded_by IS NULL", False),
    ("ix_statements_listing", "statements", "(doc_sha, start, id)", False),
    ("ix_statements_canonical_kind", "statements", "(canonical, kind, doc_sha, start, id)", False),
    ("ix_judgements_doc", "judgements", "(doc)", False),
    ("ix_judgements_canonical_listing", "judgements", "(canonical, region, period, doc, start, id)", False),
    ("ix_documents_region_prefix", "documents", "(region varchar_pattern_ops)", True),
    ("ix_judgements_region_prefix", "judgements", "(region varchar_pattern_ops)", True),
)
NAMES = frozenset(name for name, *_ in INDEXES)


def create(conn: Connection) -> None:
    postgres = conn.dialect.name == "postgresql"
    for name, table, body, pg_only in INDEXES:
        if pg_only and not postgres:
            continue
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {body}"))
    if postgres:
        conn.execute(text("ANALYZE documents"))
        conn.execute(text("ANALYZE judgements"))


def drop(conn: Connection) -> None:
    for name, *_ in reversed(INDEXES):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
