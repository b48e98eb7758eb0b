"""A document's facts in the dashboard: given on upload, shown with what is unsure, edited by editors.

Real body-only reports (tests/data/corpus/tracking: their facts come from the text) are read by the
real pipeline into a store of each test's own.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from planwatch.auth import users
from planwatch.model import FactDoubt
from planwatch.review.schema import AuditRow
from planwatch.serve.app import create_app
from planwatch.service import track_store
from planwatch.store.db import open_store, transaction
from planwatch.store.ingest import ingest_paths, reextract
from planwatch.store.schema import DocumentRow, StatementRow

from .conftest import DATA

TRACKING = DATA / "corpus" / "tracking"
FIRST, NEXT = "baoan-2023-work-report.txt", "baoan-2024-work-report.txt"
PASSWORDS = {"ada": "ada-secret-1", "ed": "ed-secret-22", "vic": "vic-secret-3"}
ROLES = {"ada": "admin", "ed": "editor", "vic": "viewer"}


def _store(folder: Path, *names: str, with_users: bool = False) -> Engine:
    src = folder / "corpus"
    src.mkdir()
    for n in names:
        shutil.copy(TRACKING / n, src / n)
    engine = open_store(f"sqlite:///{folder / 'store.db'}")
    report = ingest_paths(engine, sorted(src.iterdir()))
    assert report.failed == 0, report.failures
    if with_users:
        with transaction(engine) as s:
            for name, pw in PASSWORDS.items():
                users.add_user(s, name, pw, ROLES[name])
    return engine


def _client(engine: Engine, folder: Path) -> TestClient:
    return TestClient(create_app(engine.url.render_as_string(False), upload_dir=folder / "up"))


@pytest.fixture()
def multi(tmp_path: Path) -> Iterator[tuple[Engine, TestClient]]:
    engine = _store(tmp_path, FIRST, NEXT, with_users=True)
    with _client(engine, tmp_path) as c:
        yield engine, c
    engine.dispose()


@pytest.fixture()
def local(tmp_path: Path) -> Iterator[tuple[Engine, TestClient]]:
    engine = _store(tmp_path, FIRST)
    with _client(engine, tmp_path) as c:
        yield engine, c
    engine.dispose()


def login(c: TestClient, name: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
    assert token is not None
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token.group(1),
                               "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(c.get("/api/me").json()["csrf"])


def csrf_of(c: TestClient) -> str:
    return str(c.get("/api/me").json()["csrf"])


def periods(engine: Engine, name: str) -> Counter[str]:
    with transaction(engine) as s:
        sha = s.scalar(select(DocumentRow.sha256).where(DocumentRow.name == name))
        return Counter(s.scalars(select(StatementRow.period).where(StatementRow.doc_sha == sha)))


def doc_row(engine: Engine, name: str) -> dict:
    with transaction(engine) as s:
        row = s.scalars(select(DocumentRow).where(DocumentRow.name == name)).one()
        return {"sha": row.sha256, "region": row.region, "kind": row.kind, "plans": list(row.plans),
                "reviews": list(row.reviews), "meta": dict(row.meta), "unsure": list(row.unsure)}


# ---------------------------------------------------------------- upload


def test_upload_with_given_facts_stores_them(local: tuple[Engine, TestClient]) -> None:
    engine, c = local
    page = c.get("/upload").text
    assert all(f'name="{f}"' in page for f in ("region", "year", "kind"))
    token = csrf_of(c)
    with (TRACKING / "futian-2022-work-report.txt").open("rb") as f:
        r = c.post("/upload", files={"file": ("futian-2022-work-report.txt", f, "text/plain")},
                   data={"csrf_token": token, "region": "深圳市福田区", "year": "2022",
                         "kind": "work_report"},
                   follow_redirects=False)
    assert r.status_code == 303, r.text
    row = doc_row(engine, "futian-2022-work-report.txt")
    assert row["region"] == "广东省深圳市福田区"  # resolved to the gazetteer's full name
    assert row["meta"]["given_region"] == "广东省深圳市福田区"
    assert (row["meta"]["given_year"], row["meta"]["given_kind"]) == ("2022", "work_report")
    assert (row["plans"], row["reviews"]) == (["2022"], ["2021"])
    api = c.get("/api/documents/futian-2022-work-report.txt").json()
    assert api["given"] == {"region": "广东省深圳市福田区", "year": "2022", "kind": "work_report"}
    with transaction(engine) as s:
        assert s.scalars(select(AuditRow.event).where(AuditRow.doc_sha == row["sha"])).all() == ["facts.give"]


def test_upload_api_with_a_year_that_moves_the_periods(local: tuple[Engine, TestClient]) -> None:
    _engine, c = local
    data = (TRACKING / "yantian-2023-work-report.txt").read_bytes()
    r = c.post("/api/documents", files={"file": ("盐田区.txt", data, "text/plain")},
               data={"region": "北京市东城区", "year": "2030"})
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert (doc["region"], doc["given"]["year"]) == ("北京市东城区", "2030") and "2030" in doc["plans"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("year", "1800", "年份须为 1949 至 2100"),
        ("year", "二〇二四", "年份须为"),
        ("kind", "novel", "文件类型须为以下之一：政府工作报告（work_report）"),
        ("region", "火星市", "未找到地区「火星市」"),
        ("region", "鼓楼区", "可能指多个地区"),
    ],
)
def test_upload_refuses_bad_facts_in_chinese(
    local: tuple[Engine, TestClient], field: str, value: str, words: str
) -> None:
    _engine, c = local
    data = (TRACKING / "futian-2022-work-report.txt").read_bytes()
    api = c.post("/api/documents", files={"file": ("f.txt", data, "text/plain")}, data={field: value})
    assert api.status_code == 400 and words in api.json()["detail"], api.text
    form = c.post("/upload", files={"file": ("f.txt", data, "text/plain")},
                  data={field: value, "csrf_token": csrf_of(c)})
    assert form.status_code == 400 and words in form.text and 'id="upload-error"' in form.text
    assert f'value="{value}"' in form.text or field == "kind"  # the form keeps what was typed
    assert c.get("/api/documents").json()["total"] == 1  # nothing stored


def test_uploading_a_stored_file_with_facts_edits_them(local: tuple[Engine, TestClient]) -> None:
    engine, c = local
    data = (TRACKING / FIRST).read_bytes()
    r = c.post("/api/documents", files={"file": (FIRST, data, "text/plain")}, data={"year": "2024"})
    assert r.status_code == 201 and r.json()["created"] is False
    assert "2024" in r.json()["document"]["plans"]
    assert doc_row(engine, FIRST)["meta"]["given_year"] == "2024"


# ---------------------------------------------------------------- edit (API and page)


def test_editor_edits_facts_audited_reextracted_and_kept(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    before = periods(engine, FIRST)
    assert before["2022"] > 50
    with transaction(engine) as s:  # the 2023 report's targets are judged against the 2024 report
        judged_before = s.scalar(select(DocumentRow.sha256).where(DocumentRow.name == FIRST))
    token = login(c, "ed")
    r = c.post(f"/api/documents/{FIRST}/facts", json={"year": 2024}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["changed"] is True and "2024" in body["document"]["plans"]
    assert body["before"]["plans"] == ["2023"] and body["after"]["given"] == {"year": "2024"}
    after = periods(engine, FIRST)
    assert after["2022"] < 5 and after["2023"] > before["2023"] + 50  # 过去一年 is now 2023
    with transaction(engine) as s:
        audit = s.scalars(select(AuditRow).where(AuditRow.event == "facts.edit")).one()
        assert (audit.actor, audit.doc_sha) == ("ed", judged_before)
        assert audit.before["plans"] == ["2023"] and "2024" in audit.after["plans"]
    assert c.get("/api/targets", params={"limit": 500}).json()["total"] > 0  # tracking ran
    report = reextract(engine)  # planwatch ingest --reextract keeps what a person gave
    assert report.failed == 0
    assert doc_row(engine, FIRST)["plans"] == body["document"]["plans"] and periods(engine, FIRST) == after
    # a blank value stops giving the fact: the engine's reading comes back
    r = c.patch(f"/api/documents/{FIRST}/facts", json={"year": None}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["document"]["plans"] == ["2023"]
    assert periods(engine, FIRST) == before


def test_a_region_edit_refreshes_the_judgements(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    with transaction(engine) as s:
        track_store(s)

    def statuses(doc: str) -> Counter[tuple[str, str]]:
        items = c.get("/api/targets", params={"limit": 500}).json()["items"]
        return Counter((t["region"], t["status"]) for t in items if t["doc"] == doc)

    token = login(c, "ed")
    before = statuses(FIRST)
    assert before[("广东省深圳市宝安区", "achieved")] > 5  # judged against the 2024 report of 宝安区
    r = c.post(f"/api/documents/{FIRST}/facts", json={"region": "北京市东城区"},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    after = statuses(FIRST)
    assert set(after) == {("北京市东城区", "no_data")}  # no later report of 东城区
    assert sum(after.values()) == sum(before.values())
    assert c.get("/api/regions").json() and any(
        r["name"] == "北京市东城区" for r in c.get("/api/regions").json())


def test_api_edit_refusals(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    token = login(c, "vic")
    r = c.post(f"/api/documents/{FIRST}/facts", json={"year": 2024}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403  # a viewer may not
    c.post("/logout", data={"csrf_token": token})
    token = login(c, "ed")
    assert c.post(f"/api/documents/{FIRST}/facts", json={"year": 2024}).status_code == 403  # no CSRF token
    bad = c.post(f"/api/documents/{FIRST}/facts", json={"year": 1900}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 400 and "年份须为" in bad.json()["detail"]
    extra = c.post(f"/api/documents/{FIRST}/facts", json={"delivered": "2024-01-01"},
                   headers={"X-CSRF-Token": token})
    assert extra.status_code == 422
    gone = c.post("/api/documents/nothing.txt/facts", json={"year": 2024}, headers={"X-CSRF-Token": token})
    assert gone.status_code == 404
    assert doc_row(engine, FIRST)["meta"].get("given_year") is None
    with transaction(engine) as s:
        assert not s.scalars(select(AuditRow).where(AuditRow.event == "facts.edit")).all()


def test_api_token_edits_without_csrf(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    with transaction(engine) as s:
        token = users.create_token(s, "ed")
    r = c.post(f"/api/documents/{FIRST}/facts", json={"region": "北京市东城区"},
               headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json()["document"]["region"] == "北京市东城区"


def test_local_install_needs_the_csrf_token_too(local: tuple[Engine, TestClient]) -> None:
    _engine, c = local
    assert c.post(f"/api/documents/{FIRST}/facts", json={"kind": "plan_report"}).status_code == 403
    r = c.post(f"/api/documents/{FIRST}/facts", json={"kind": "plan_report"},
               headers={"X-CSRF-Token": csrf_of(c)})
    assert r.status_code == 200 and r.json()["document"]["kind"] == "plan_report"
    page = c.get(f"/documents/{r.json()['document']['sha256']}").text
    assert "文件类型 系统识别 → 计划执行情况与计划草案报告" in page


def test_document_page_form(multi: tuple[Engine, TestClient]) -> None:
    engine, c = multi
    sha = doc_row(engine, FIRST)["sha"]
    login(c, "vic")
    page = c.get(f"/documents/{sha}").text
    assert 'id="doc-facts"' in page and 'id="facts-form"' not in page  # viewers see, do not edit
    c.post("/logout", data={"csrf_token": csrf_of(c)})
    token = login(c, "ed")
    page = c.get(f"/documents/{sha}").text
    assert 'id="facts-form"' in page
    no_token = c.post(f"/documents/{sha}/facts", data={"region": "", "year": "2024", "kind": ""},
                      follow_redirects=False)
    assert no_token.status_code == 403
    bad = c.post(f"/documents/{sha}/facts", data={"region": "火星市", "year": "", "kind": "",
                                                 "csrf_token": token})
    assert bad.status_code == 400 and 'id="facts-error"' in bad.text and "未找到地区" in bad.text
    ok = c.post(f"/documents/{sha}/facts", data={"region": "", "year": "2024", "kind": "",
                                                "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"/documents/{sha}?facts=saved")
    page = c.get(ok.headers["location"]).text
    assert "已保存文件信息" in page and "人工填写" in page and 'value="2024"' in page
    history = page[page.index('id="fact-history"'):]
    assert "ed：年份 系统识别 → 2024" in history[:history.index("</ol>")]


# ---------------------------------------------------------------- unsure facts: page and queue


def test_unsure_facts_are_shown_and_queued(local: tuple[Engine, TestClient]) -> None:
    engine, c = local
    sha = doc_row(engine, FIRST)["sha"]
    with transaction(engine) as s:
        s.execute(update(DocumentRow).where(DocumentRow.sha256 == sha).values(
            unsure=[FactDoubt.year_none.value, "region: two districts named alike"]))
    page = c.get(f"/documents/{sha}").text
    facts = page[page.index('id="doc-facts"'):page.index("</dl>", page.index('id="doc-facts"'))]
    assert "不确定：正文和文件名都没有说明计划年度" in facts
    assert "不确定：two districts named alike" in facts  # a reason without a label is shown as it is
    queue = c.get("/api/review/queue").json()
    assert {(f["doc"], f["field"], f["label"]) for f in queue["facts"]} == {
        (FIRST, "year", "正文和文件名都没有说明计划年度"), (FIRST, "region", "two districts named alike")}
    review = c.get("/review").text
    assert "文件信息待确认" in review and f"/documents/{sha}#doc-facts" in review
    view = c.get(f"/review/documents/{sha}").text
    assert 'id="fact-doubts"' in view and "年份不确定" in view and "正文和文件名都没有说明计划年度" in view
    # a person gives the year: the engine's doubt about it goes
    r = c.post(f"/api/documents/{sha}/facts", json={"year": "2023"}, headers={"X-CSRF-Token": csrf_of(c)})
    assert r.status_code == 200
    left = c.get("/api/review/queue").json()["facts"]
    assert [f["field"] for f in left] == [] or all(f["field"] != "year" for f in left)
