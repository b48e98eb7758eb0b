"""Fixtures of the dashboard tests: a temp SQLite store seeded with the dev corpus and its gold records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.serve.app import create_app
from planwatch.serve.seed import seed
from planwatch.store.db import open_store

DATA = Path(__file__).resolve().parents[2] / "data"
DEV = DATA / "corpus" / "dev"
EXTRA = DATA / "corpus" / "extra"
GOLD = DATA / "gold" / "dev"


def seeded_store(folder: Path) -> str:
    """A SQLite store in ``folder`` holding the dev documents, their gold statements and gold judgements."""
    url = f"sqlite:///{folder / 'store.db'}"
    engine = open_store(url)
    seed(engine, DEV, GOLD)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seeded_store(tmp_path_factory.mktemp("serve-store"))


@pytest.fixture(scope="session")
def app(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(store_url, upload_dir=tmp_path_factory.mktemp("uploads"))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def fresh_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client over a store of its own, for tests that write (uploads)."""
    url = seeded_store(tmp_path)
    with TestClient(create_app(url, upload_dir=tmp_path / "uploads")) as c:
        yield c
