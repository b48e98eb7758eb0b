"""Adding documents through the browser form and the API: the real pipeline, and clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.serve.upload import MAX_BYTES
from planwatch.store.db import transaction
from planwatch.store.schema import DocumentRow

from .conftest import EXTRA

FUTIAN = EXTRA / "futian-2023-work-report.txt"


def test_upload_form_runs_the_pipeline_and_shows_the_statements(fresh_client: TestClient) -> None:
    assert "multipart/form-data" in fresh_client.get("/upload").text
    with FUTIAN.open("rb") as f:
        resp = fresh_client.post(
            "/upload", files={"file": (FUTIAN.name, f, "text/plain")}, follow_redirects=False
        )
    assert resp.status_code == 303
    location = resp.headers["location"]
    assert re.fullmatch(r"/documents/[0-9a-f]{64}\?uploaded=1", location)
    page = fresh_client.get(location).text
    assert "上传成功" in page and "福田区" in page
    marks = re.findall(r'<a class="st k-\w+', page)
    api = fresh_client.get(f"/api/documents/{FUTIAN.name}/statements").json()
    assert api["total"] > 20 and len(marks) <= api["total"] and len(marks) > 0.9 * api["total"]
    assert FUTIAN.name in fresh_client.get("/").text
    assert fresh_client.get("/api/search", params={"q": "福田"}).json()["documents"][0]["name"] == FUTIAN.name


def test_api_upload_is_idempotent_by_content(fresh_client: TestClient) -> None:
    data = FUTIAN.read_bytes()
    first = fresh_client.post("/api/documents", files={"file": (FUTIAN.name, data, "text/plain")})
    assert first.status_code == 201
    body = first.json()
    assert body["created"] is True and body["statements"] > 0 and body["url"].startswith("/documents/")
    again = fresh_client.post("/api/documents", files={"file": (FUTIAN.name, data, "text/plain")}).json()
    assert again["created"] is False and again["document"]["sha256"] == body["document"]["sha256"]
    changed = fresh_client.post(
        "/api/documents", files={"file": (FUTIAN.name, data + "\n补充一行。\n".encode(), "text/plain")}
    ).json()
    assert changed["document"]["version"] == 2
    names = [d["name"] for d in fresh_client.get("/api/documents", params={"limit": 100}).json()["items"]]
    assert names.count(FUTIAN.name) == 1  # the older version is superseded


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("empty.txt", b"", 400, "文件为空"),
        ("tool.exe", b"MZ\x90\x00", 415, "不支持的文件类型"),
        ("noext", b"abc", 415, "不支持的文件类型"),
        ("scan.pdf", b"%PDF-1.4 this is not really a pdf", 422, "无法读取"),
        ("big.txt", b"x" * (MAX_BYTES + 1), 413, "文件太大"),
    ],
)
def test_bad_uploads_get_clear_chinese_errors(
    fresh_client: TestClient, name: str, data: bytes, status: int, words: str
) -> None:
    api = fresh_client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert api.status_code == status and words in api.json()["detail"]
    form = fresh_client.post("/upload", files={"file": (name, data, "application/octet-stream")})
    assert form.status_code == status and words in form.text and 'id="upload-error"' in form.text
    assert fresh_client.get("/api/documents").json()["total"] == 5  # nothing stored


def test_upload_form_without_a_file(fresh_client: TestClient) -> None:
    resp = fresh_client.post("/upload", data={"x": "1"})
    assert resp.status_code == 400 and "请选择要上传的文件" in resp.text
    assert fresh_client.post("/api/documents").status_code == 422


def test_a_changed_file_uploaded_under_the_same_name_is_its_next_version(
    fresh_client: TestClient, tmp_path: Path
) -> None:
    data = FUTIAN.read_bytes()
    first = fresh_client.post(
        "/upload", files={"file": (FUTIAN.name, data, "text/plain")}, follow_redirects=False
    )
    old_sha = first.headers["location"].split("/")[2].split("?")[0]
    # from another folder on the client's machine: only the file name counts
    changed = data.replace("。".encode(), "；".encode(), 1)
    second = fresh_client.post(
        "/upload",
        files={"file": ("C:\\Users\\wang\\Desktop\\" + FUTIAN.name, changed, "text/plain")},
        follow_redirects=False,
    )
    assert second.status_code == 303
    new_sha = second.headers["location"].split("/")[2].split("?")[0]
    assert new_sha != old_sha
    new = fresh_client.get(f"/api/documents/{new_sha}").json()
    old = fresh_client.get(f"/api/documents/{old_sha}").json()
    assert new["version"] == 2 and new["superseded_by"] is None and old["superseded_by"] == new_sha
    engine = fresh_client.app.state.engine  # type: ignore[attr-defined]
    with transaction(engine) as s:
        sources = {r.sha256: r.source for r in s.scalars(select(DocumentRow).where(
            DocumentRow.sha256.in_([old_sha, new_sha])))}
    expected = str((tmp_path / "uploads" / FUTIAN.name).resolve())
    assert sources == {old_sha: expected, new_sha: expected}
    assert (tmp_path / "uploads" / FUTIAN.name).read_bytes() == changed
    other = fresh_client.post("/upload", files={"file": ("other-" + FUTIAN.name, data, "text/plain")},
                              follow_redirects=False)
    assert other.status_code == 303  # same bytes as version 1: that document again, not a new one
    assert other.headers["location"].split("/")[2].split("?")[0] == old_sha
