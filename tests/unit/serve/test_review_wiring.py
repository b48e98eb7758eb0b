"""The dashboard with users and corrections: CSRF on its forms, the 校对 link, corrected statements."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planwatch.auth import users
from planwatch.serve.app import create_app
from planwatch.serve.labels import refusal
from planwatch.store.db import open_store, transaction

from .conftest import EXTRA, seeded_store

DOC = "003_2e2f5eaad98d6f0d.txt"
FUTIAN = EXTRA / "futian-2023-work-report.txt"
PASSWORDS = {"ada": "ada-secret-1", "ed": "ed-secret-22", "vic": "vic-secret-3"}
ROLES = {"ada": "admin", "ed": "editor", "vic": "viewer"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture()
def multi(tmp_path: Path) -> Iterator[TestClient]:
    """A client over a seeded store with an admin, an editor and a viewer."""
    url = seeded_store(tmp_path)
    engine = open_store(url)
    with transaction(engine) as s:
        for name, pw in PASSWORDS.items():
            users.add_user(s, name, pw, ROLES[name])
    engine.dispose()
    with TestClient(create_app(url, upload_dir=tmp_path / "uploads", tune_collector=False)) as c:
        yield c


def login(c: TestClient, name: str) -> None:
    found = TOKEN.search(c.get("/login").text)
    assert found is not None
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": found.group(1),
                               "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def form_token(c: TestClient, path: str) -> str:
    page = c.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found is not None, f"no csrf_token field in the form of {path}"
    return found.group(1)


def post_upload(c: TestClient, data: dict[str, str]) -> Any:
    with FUTIAN.open("rb") as f:
        return c.post("/upload", data=data, files={"file": (FUTIAN.name, f, "text/plain")},
                      follow_redirects=False)


# ---------------------------------------------------------------- CSRF on the forms, navigation


def test_an_editor_uploads_through_the_form_with_its_csrf_token(multi: TestClient) -> None:
    login(multi, "ed")
    token = form_token(multi, "/upload")
    refused = post_upload(multi, {})
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = post_upload(multi, {"csrf_token": token[:-2] + "xx"})
    assert wrong.status_code == 403
    done = post_upload(multi, {"csrf_token": token})
    assert done.status_code == 303 and done.headers["location"].startswith("/documents/")
    assert "福田区" in multi.get(done.headers["location"]).text


def test_a_viewer_cannot_upload_and_sees_no_editor_links(multi: TestClient) -> None:
    login(multi, "vic")
    page = multi.get("/").text
    assert 'href="/review"' not in page and 'href="/upload"' not in page
    token = TOKEN.search(page)  # the sign-out form carries the session's token
    assert token is not None
    r = post_upload(multi, {"csrf_token": token.group(1)})
    assert r.status_code == 403 and refusal("role") in r.text  # the page says why, in Chinese


def test_editors_and_the_local_user_see_the_review_link(multi: TestClient, client: TestClient) -> None:
    local = client.get("/").text
    assert '<a href="/review"' in local and ">校对</a>" in local
    assert 'action="/logout"' not in local  # nobody signed in on a local install
    login(multi, "ed")
    page = multi.get("/").text
    assert '<a href="/review"' in page and ">校对</a>" in page and 'href="/upload"' in page
    review = multi.get("/review").text
    assert re.search(r'<a href="/review" aria-current="page">校对</a>', review)


def test_the_sign_out_form_works(multi: TestClient) -> None:
    login(multi, "ed")
    token = form_token(multi, "/")
    assert multi.post("/logout", follow_redirects=False).status_code == 403  # no token
    out = multi.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert multi.get("/", follow_redirects=False).status_code == 303  # signed out


# ---------------------------------------------------------------- corrected statements


def correct(c: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    csrf = c.get("/api/me").json()["csrf"]
    r = c.post("/api/review/corrections", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def doc_statements(c: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = c.get("/api/statements", params={"doc": DOC, "limit": 1000}).json()
    return body


def test_pages_api_and_exports_show_corrected_statements(fresh_client: TestClient) -> None:
    c = fresh_client
    before = doc_statements(c)
    first, second = before["items"][0], before["items"][1]
    out = correct(c, {"doc": DOC, "action": "edit", "item": first["id"],
                      "fields": {"indicator": "校对测试指标", "value": 4242}})
    settled = out["statement"]["id"]
    assert settled.startswith("c-")
    correct(c, {"doc": DOC, "action": "delete", "item": second["id"]})

    after = doc_statements(c)
    ids = [s["id"] for s in after["items"]]
    assert after["total"] == before["total"] - 1 == len(ids)
    assert first["id"] not in ids and second["id"] not in ids and settled in ids
    edited = next(s for s in after["items"] if s["id"] == settled)
    assert edited["indicator"] == "校对测试指标" and edited["value"] == 4242
    assert (edited["start"], edited["end"]) == (first["start"], first["end"]) and edited["doubts"] == []
    order = [(s["start"], s["id"]) for s in after["items"]]
    assert order == sorted(order)

    by_name = c.get("/api/statements", params={"indicator": "校对测试", "limit": 50}).json()
    assert [s["id"] for s in by_name["items"]] == [settled] and by_name["total"] == 1
    by_text = c.get("/api/statements", params={"q": "校对测试指标"}).json()
    assert [s["id"] for s in by_text["items"]] == [settled]
    listed = c.get(f"/api/documents/{DOC}/statements", params={"limit": 1000}).json()
    assert listed["total"] == after["total"]
    assert c.get("/api/documents/" + DOC).json()["statements"] == after["total"]

    page = c.get(f"/documents/{DOC}").text
    assert "校对测试指标" in page and f'data-id="{settled}"' in page
    assert f'data-id="{first["id"]}"' not in page and f'data-id="{second["id"]}"' not in page
    panel = json.loads(re.search(r'id="statements-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert panel[settled]["value"] == 4242
    focused = c.get(f"/documents/{DOC}", params={"focus": settled}).text
    assert 'class="st' in focused and settled in focused

    rows = list(csv.DictReader(io.StringIO(
        c.get("/api/statements.csv", params={"doc": DOC}).content.decode("utf-8-sig"))))
    assert len(rows) == after["total"]
    mine = [r for r in rows if r["id"] == settled]
    assert len(mine) == 1 and mine[0]["indicator"] == "校对测试指标" and float(mine[0]["value"]) == 4242
    assert not any(r["id"] in (first["id"], second["id"]) for r in rows)
    xlsx = c.get("/api/statements.xlsx", params={"indicator": "校对测试"})
    assert xlsx.status_code == 200 and len(xlsx.content) > 1000


def test_paging_merges_corrected_and_plain_documents_in_order(fresh_client: TestClient) -> None:
    c = fresh_client
    item = doc_statements(c)["items"][3]
    correct(c, {"doc": DOC, "action": "edit", "item": item["id"], "fields": {"value": 77}})
    whole = c.get("/api/statements", params={"limit": 1000}).json()
    assert whole["total"] == len(whole["items"]) > 300
    paged: list[str] = []
    for offset in range(0, whole["total"], 70):  # pages that start and end inside documents
        page = c.get("/api/statements", params={"limit": 70, "offset": offset}).json()
        assert page["total"] == whole["total"]
        paged += [s["id"] for s in page["items"]]
    assert paged == [s["id"] for s in whole["items"]]
    keys = [(s["doc_sha"], s["start"], s["id"]) for s in whole["items"]]
    assert keys == sorted(keys)
    settled = [s for s in whole["items"] if s["id"].startswith("c-")]
    assert len(settled) == 1 and settled[0]["value"] == 77 and item["id"] not in paged
    in_kind = c.get("/api/statements", params={"kind": item["kind"], "limit": 1000}).json()
    assert settled[0]["id"] in [s["id"] for s in in_kind["items"]]
    assert in_kind["total"] == sum(1 for s in whole["items"] if s["kind"] == item["kind"])


FIELDS = ("start", "end", "indicator", "value", "unit", "kind", "period", "comparator", "measure")


def _shape(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((s["id"], *(s[f] for f in FIELDS)) for s in items)


def test_the_dashboard_agrees_with_the_review_view_on_every_kind_of_correction(
    fresh_client: TestClient,
) -> None:
    """Edits that move a span onto a neighbour, deletes, adds over machine statements, confirms."""
    c = fresh_client
    items = doc_statements(c)["items"]
    assert len(items) >= 12
    a, b, d, e, f = items[2], items[3], items[5], items[8], items[11]
    correct(c, {"doc": DOC, "action": "edit", "item": a["id"],  # now reaches over b's span too
                "fields": {"end": max(a["end"], b["end"]), "start": min(a["start"], b["start"])}})
    correct(c, {"doc": DOC, "action": "delete", "item": d["id"]})
    correct(c, {"doc": DOC, "action": "add", "start": e["start"], "end": e["end"] + 1,
                "fields": {"indicator": "新加的指标", "value": 1, "unit": "%", "kind": "actual",
                           "measure": "level", "period": e["period"]}})
    correct(c, {"doc": DOC, "action": "confirm", "item": f["id"]})
    review = c.get(f"/api/review/documents/{DOC}").json()["statements"]
    dashboard = doc_statements(c)
    assert _shape(dashboard["items"]) == _shape(review) and dashboard["total"] == len(review)
    assert b["id"] not in {s["id"] for s in review} and e["id"] not in {s["id"] for s in review}
    for params in ({"kind": "actual"}, {"kind": "target"}, {"indicator": "新加"}, {"period": e["period"]}):
        got = c.get("/api/statements", params={"doc": DOC, "limit": 1000, **params}).json()
        key, value = next(iter(params.items()))
        want = [s for s in review if (value in s[key] if key == "indicator" else s[key] == value)]
        assert want and _shape(got["items"]) == _shape(want) and got["total"] == len(want), params
    assert c.get(f"/api/documents/{DOC}").json()["statements"] == len(review)
    listed = c.get("/api/documents", params={"limit": 100}).json()["items"]
    assert next(d for d in listed if d["name"] == DOC)["statements"] == len(review)


def test_a_correction_survives_a_failing_tracking_stage(
    fresh_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judging failing on one document (issue: `year 0`) must not cost a person's correction."""
    import planwatch.service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("year 0 is out of range")

    c = fresh_client
    first = doc_statements(c)["items"][0]
    monkeypatch.setattr(planwatch.service, "judge", broken)
    out = correct(c, {"doc": DOC, "action": "edit", "item": first["id"], "fields": {"value": 4243}})
    assert out["tracking_error"] and "year 0" in out["tracking_error"]
    monkeypatch.undo()
    # the correction is stored and shown; tracking runs again on the next change
    assert any(s["value"] == 4243 for s in doc_statements(c)["items"])
    second = doc_statements(c)["items"][1]
    assert correct(c, {"doc": DOC, "action": "delete", "item": second["id"]})["tracking_error"] is None
