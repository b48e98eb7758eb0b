"""A dump of every content row, sorted: two stores hold the same content iff their dumps are equal.

Rows are ordered by primary key (every key is derived from content), columns by
name, and each row is one JSON line ``{"table": ..., "row": {...}}``. Alembic's
own bookkeeping table is not content and is left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from planwatch.store.schema import CONTENT_TABLES, Base


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def dump_rows(engine: Engine) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every content row, tables in dependency order, rows by primary key
    (compared as Python strings, the same on every backend)."""
    with engine.connect() as conn:
        for name in CONTENT_TABLES:
            table = Base.metadata.tables[name]
            keys = [c.name for c in table.primary_key.columns]
            rows = [dict(r) for r in conn.execute(select(table)).mappings()]
            # sorted here, not by the database: collations differ between backends
            rows.sort(key=lambda r: tuple(str(r[k]) if isinstance(r[k], str) else f"{r[k]:012d}"
                                          for k in keys))
            for row in rows:
                yield name, {k: _plain(row[k]) for k in sorted(row)}


def dump_lines(engine: Engine) -> Iterator[str]:
    """The dump as JSON lines (keys sorted, non-ASCII kept)."""
    for table, row in dump_rows(engine):
        yield json.dumps({"table": table, "row": row}, ensure_ascii=False, sort_keys=True)


def counts(engine: Engine) -> dict[str, int]:
    """Rows per content table."""
    from sqlalchemy import func

    with engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar_one())
            for name in CONTENT_TABLES
        }
