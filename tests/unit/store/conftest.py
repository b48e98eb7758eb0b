"""Fixtures of the store tests: an up-to-date store on each backend (see ``db_url``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from planwatch.store.db import open_store


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = open_store(db_url)
    try:
        yield eng
    finally:
        eng.dispose()
