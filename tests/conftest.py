"""Shared fixtures: the vendored dev corpus, its gold, and the unannotated extra reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEV = DATA / "corpus" / "dev"
EXTRA = DATA / "corpus" / "extra"
GOLD = DATA / "gold" / "dev"
DEV_DOCS = sorted(p.name for p in DEV.glob("*.txt"))
EXTRA_DOCS = sorted(p.name for p in EXTRA.glob("*.txt"))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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
