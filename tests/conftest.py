"""Shared fixtures: the vendored dev corpus, its gold, and the unannotated extra reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.records import read_jsonl

DATA = Path(__file__).parent / "data"
DEV = DATA / "corpus" / "dev"
EXTRA = DATA / "corpus" / "extra"
GOLD = DATA / "gold" / "dev"
DEV_DOCS = sorted(p.name for p in DEV.glob("*.txt"))
EXTRA_DOCS = sorted(p.name for p in EXTRA.glob("*.txt"))


@pytest.fixture(scope="session")
def gold_statements() -> list[dict]:
    """Every gold statement of the dev corpus."""
    out: list[dict] = []
    for name in DEV_DOCS:
        out.extend(read_jsonl(GOLD / name.replace(".txt", ".jsonl")))
    return out


@pytest.fixture(scope="session")
def gold_documents() -> dict[str, dict]:
    return {r["doc"]: r for r in read_jsonl(GOLD / "documents.jsonl")}


@pytest.fixture(scope="session")
def gold_tracking() -> list[dict]:
    return read_jsonl(GOLD / "tracking.jsonl")


# ---------------------------------------------------------------- databases (store and tracking tests)

PG_ENV = "PLANWATCH_TEST_PG_URL"


def _pg_schema_url(base: str, schema: str) -> str:
    """``base`` (a postgresql:// URL) for the psycopg driver, with ``schema`` as its search path."""
    url = base
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A URL to an empty database: a SQLite file, or a fresh schema on the test PostgreSQL server.

    The PostgreSQL cases need ``PLANWATCH_TEST_PG_URL`` (``scripts/postgres.sh start`` sets it; ``make
    test`` runs it). Without it they skip locally, and fail in CI (``CI=true``).
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planwatch.db'}"
        return
    import os
    import uuid

    base = os.environ.get(PG_ENV)
    if not base:
        message = f"{PG_ENV} is not set: run `eval \"$(bash scripts/postgres.sh start)\"` (make test does)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    import psycopg

    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
