"""The app on each store backend (SQLite, PostgreSQL): listing, search (FTS5 trigram / pg_trgm), targets."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from planwatch.serve.app import create_app
from planwatch.serve.seed import seed
from planwatch.store.db import open_store

from .conftest import DEV, GOLD


def test_pages_and_search_on_each_backend(db_url: str, tmp_path: Path) -> None:
    engine = open_store(db_url)
    seed(engine, DEV, GOLD)
    engine.dispose()
    with TestClient(create_app(db_url, upload_dir=tmp_path / "up")) as c:
        assert c.get("/api/documents").json()["total"] == 5
        long = c.get("/api/search", params={"q": "国家高新技术企业"}).json()
        assert sorted(h["name"] for h in long["documents"]) == [
            "000_60d02156ec099e48.txt",
            "001_599490bf3e5cd4dd.txt",
            "004_855d512fd5322961.txt",
        ]
        assert long["statements_total"] > 0
        assert all("国家高新技术企业" in s["indicator"] + s["text"] for s in long["statements"])
        short = c.get("/api/search", params={"q": "河西"}).json()
        assert len(short["documents"]) == 3
        assert c.get("/api/targets", params={"status": "likely_missed"}).json()["total"] == 3
        for path in ("/", "/regions/天津市河西区", "/documents/003_2e2f5eaad98d6f0d.txt", "/search?q=就业"):
            assert c.get(path).status_code == 200, path
        # corrections show in the statement listings on every backend (JSON span look-ups included)
        doc = "003_2e2f5eaad98d6f0d.txt"
        items = c.get("/api/statements", params={"doc": doc, "limit": 1000}).json()["items"]
        first, second = items[0], items[1]
        csrf = c.get("/api/me").json()["csrf"]
        edit = {"doc": doc, "action": "edit", "item": first["id"],
                "fields": {"value": 4242, "end": max(first["end"], second["end"])}}
        r = c.post("/api/review/corrections", json=edit, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200, r.text
        after = c.get("/api/statements", params={"doc": doc, "limit": 1000}).json()
        review = c.get(f"/api/review/documents/{doc}").json()["statements"]
        assert sorted(s["id"] for s in after["items"]) == sorted(s["id"] for s in review)
        assert after["total"] == len(items) - 1 and second["id"] not in {s["id"] for s in after["items"]}
        page = c.get("/api/statements", params={"limit": 50, "offset": 0}).json()
        assert page["total"] == c.get("/api/statements", params={"limit": 1}).json()["total"]
        assert any(s["value"] == 4242 for s in after["items"])
