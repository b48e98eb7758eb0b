"""Keyset pagination (``?after=<cursor>`` and the ``next`` link) and two-character search, on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from planwatch.serve.app import create_app
from planwatch.serve.read import keyset
from planwatch.serve.read.search import search_documents_partial
from planwatch.serve.seed import seed
from planwatch.store.db import open_store, session_factory

from .conftest import DEV, GOLD


@pytest.fixture()
def seeded(db_url: str, tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    engine = open_store(db_url)
    seed(engine, DEV, GOLD)
    engine.dispose()
    with TestClient(create_app(db_url, upload_dir=tmp_path / "up")) as c:
        yield db_url, c


def _walk(c: TestClient, path: str, params: dict[str, object], key: str = "id") -> list[object]:
    """Every item of a listing, page after page through the ``next`` links."""
    seen: list[object] = []
    page = c.get(path, params=params).json()
    while True:
        seen += [item[key] for item in page["items"]]
        if not page["next"]:
            return seen
        assert "offset" not in page["next"]
        page = c.get(page["next"]).json()
        assert page["items"], "a next link leads to a page with items, or there is none"


def test_pages_through_next_links_hold_every_row_once(seeded: tuple[str, TestClient]) -> None:
    _, c = seeded
    for path, key, limit in (
        ("/api/documents", "sha256", 2),
        ("/api/statements", "id", 37),
        ("/api/targets", "id", 3),
    ):
        whole = [item[key] for item in c.get(path, params={"limit": 1000}).json()["items"]]
        assert len(whole) > limit, path
        paged = _walk(c, path, {"limit": limit}, key)
        assert paged == whole, path  # same order, no duplicate, no gap
    targets = c.get("/api/statements", params={"kind": "target", "limit": 1000}).json()["items"]
    whole = [s["id"] for s in targets]
    assert _walk(c, "/api/statements", {"kind": "target", "limit": 5}) == whole  # filters kept in the link


def test_equal_sort_keys_and_null_regions_page_by_the_unique_tail(seeded: tuple[str, TestClient]) -> None:
    url, c = seeded
    engine = open_store(url)
    with engine.begin() as conn:  # every document: same date and name; half the targets: no region
        conn.execute(text(
            "UPDATE documents SET delivered = '2020-01-01', published = NULL, name = 'same.txt'"))
        conn.execute(text("UPDATE judgements SET region = NULL, period = '2020' WHERE start % 2 = 0"))
    engine.dispose()
    docs = _walk(c, "/api/documents", {"limit": 2}, "sha256")
    assert len(docs) == len(set(docs)) == 5 and docs == sorted(docs)
    whole = [j["id"] for j in c.get("/api/targets", params={"limit": 1000}).json()["items"]]
    assert any(j["region"] is None for j in c.get("/api/targets", params={"limit": 1000}).json()["items"])
    for limit in (1, 4, 9):
        assert _walk(c, "/api/targets", {"limit": limit}) == whole


def test_a_cursor_the_listing_did_not_make_is_404(seeded: tuple[str, TestClient]) -> None:
    _, c = seeded
    for bad in ("x", keyset.encode([1, 2]), keyset.encode(["a", "b", 3])):
        assert c.get("/api/documents", params={"after": bad}).status_code == 404
    assert c.get("/api/statements", params={"after": "%%%"}).status_code == 404
    assert c.get("/api/targets", params={"after": keyset.encode([None, "2020"])}).status_code == 404
    # offset still works, and the last page has no next link
    total = c.get("/api/documents").json()["total"]
    last = c.get("/api/documents", params={"offset": total - 1}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_two_character_search_finds_the_documents_that_contain_it(seeded: tuple[str, TestClient]) -> None:
    url, c = seeded
    engine = open_store(url)
    with engine.connect() as conn:
        texts = dict(conn.execute(text(
            "SELECT d.name, t.text FROM documents d JOIN document_text t ON t.sha256 = d.sha256")).all())
    for q in ("河西", "就业", "光明", "没有这个词"[:2]):
        want = sorted(name for name, body in texts.items() if q in body)
        got = c.get("/api/search", params={"q": q}).json()
        assert sorted(h["name"] for h in got["documents"]) == want, q
        assert got["partial"] is False
        assert all(q in s["indicator"] + s["text"] + (s["canonical"] or "") for s in got["statements"]), q
    with session_factory(engine)() as s:  # the walk stops at its cap, and says so
        from planwatch.serve.read import search as mod

        old = mod.SHORT_CANDIDATES
        mod.SHORT_CANDIDATES, mod.WALK = 2, 2
        try:
            hits, partial = search_documents_partial(s, "光明", limit=20)
        finally:
            mod.SHORT_CANDIDATES, mod.WALK = old, 100
        assert partial and len(hits) <= 2
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # an EXPLAIN of PostgreSQL's planner
def test_the_short_search_walk_reads_an_index_on_postgres(db_url: str, tmp_path: Path) -> None:
    engine = open_store(db_url)
    seed(engine, DEV, GOLD)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # five rows: the planner would scan them
        plan = "\n".join(r[0] for r in conn.execute(text(
            "EXPLAIN SELECT d.sha256 FROM documents d WHERE d.superseded_by IS NULL "
            "ORDER BY d.name, d.sha256 LIMIT 100")))
        listing = "\n".join(r[0] for r in conn.execute(text(
            "EXPLAIN SELECT sha256 FROM documents WHERE superseded_by IS NULL "
            "ORDER BY coalesce(delivered, published, '') DESC, name, sha256 LIMIT 50")))
    engine.dispose()
    assert "ix_documents_current_name" in plan
    assert "ix_documents_listing" in listing
