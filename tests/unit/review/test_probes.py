"""SQL injection and XSS probes on every review form and query parameter change nothing and run nothing."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planwatch.auth.schema import UserRow
from planwatch.review.schema import AuditRow, CorrectionRow
from planwatch.serve.app import create_app
from planwatch.store.db import transaction
from planwatch.store.schema import DocumentRow, StatementRow

from .test_auth_api import PASSWORDS, TARGET_DOC, login, seeded, target_item

PROBES = [
    "' OR '1'='1",
    "1; DROP TABLE statements; --",
    "\" OR 1=1 --",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "%' UNION SELECT password_hash, name FROM users --",
]
RAW_XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def _counts(engine) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with transaction(engine) as s:
        return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)
                     for t in (DocumentRow, StatementRow, UserRow, CorrectionRow))


def _clean(html: str) -> bool:
    return not any(x in html for x in RAW_XSS)


def test_probes_change_nothing(tmp_path: Path) -> None:
    engine = seeded(tmp_path, True)
    before = _counts(engine)
    with TestClient(create_app(engine.url.render_as_string(False), upload_dir=tmp_path / "up")) as c:
        # the login form, anonymous
        for p in PROBES:
            page = c.get("/login", params={"next": p})
            assert page.status_code == 200 and _clean(page.text)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            r = c.post("/login", data={"name": p, "password": p, "next": p, "csrf_token": token},
                       follow_redirects=False)
            assert r.status_code in (401, 429) and _clean(r.text)
        c.app.state.login_limiter.succeeded("ed", "testclient")
        c.app.state.login_limiter._fails.clear()
        csrf = login(c, "ed")
        item = target_item(c)
        for p in PROBES:
            for url, params in (
                ("/review", {"doc": p}),
                (f"/review/documents/{TARGET_DOC}", {"item": p}),
                ("/api/review/queue", {"doc": p}),
                ("/api/review/history", {"doc": p, "item": p}),
                ("/api/review/history", {"doc": TARGET_DOC, "item": p}),
            ):
                r = c.get(url, params=params)
                assert r.status_code in (200, 404, 422), (url, p, r.status_code)
                assert _clean(r.text)
            r = c.get("/review/documents/" + p.replace("/", "%2F"))
            assert r.status_code in (404, 422) and _clean(r.text)
            for body in (
                {"doc": p, "action": "confirm", "item": item["id"]},
                {"doc": TARGET_DOC, "action": "confirm", "item": p},
                {"doc": TARGET_DOC, "action": "edit", "item": item["id"], "fields": {"period": p}},
                {"doc": TARGET_DOC, "action": "edit", "item": item["id"], "fields": {p: 1}},
                {"doc": TARGET_DOC, "action": p, "item": item["id"]},
            ):
                r = c.post("/api/review/corrections", json=body, headers={"X-CSRF-Token": csrf})
                assert r.status_code in (400, 404, 422), (body, r.status_code)
        assert _counts(engine) == before
        # text fields keep what was typed, as text: stored literally, shown escaped
        r = c.post("/api/review/corrections", headers={"X-CSRF-Token": csrf},
                   json={"doc": TARGET_DOC, "action": "edit", "item": item["id"],
                         "fields": {"indicator": PROBES[3], "unit": PROBES[4]}})
        assert r.status_code == 200 and r.json()["statement"]["indicator"] == PROBES[3]
        new_id = r.json()["statement"]["id"]
        for url in (f"/review/documents/{TARGET_DOC}?item={new_id}", "/review"):
            page = c.get(url)
            assert page.status_code == 200 and _clean(page.text)
            assert "&lt;script&gt;" in page.text or url == "/review"
    after = _counts(engine)
    assert after[:3] == before[:3] and after[3] == before[3] + 1
    with transaction(engine) as s:
        assert {u.name for u in s.scalars(select(UserRow))} == set(PASSWORDS)
        edits = select(func.count()).select_from(AuditRow).where(AuditRow.event.like("correction.%"))
        assert s.scalar(edits) == 1
