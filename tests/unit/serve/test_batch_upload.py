"""Several files at once: a .zip expanded safely, the facts read before storing, a background job
that stores every file it can, names the ones it cannot, and judges the affected regions at the end."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planwatch.serve.app import create_app
from planwatch.serve.batch import MAX_MEMBERS, expand
from planwatch.store.db import open_store

from .conftest import DATA

TRACKING = DATA / "corpus" / "tracking"
PAIR = [TRACKING / f"longhua-{y}-work-report.txt" for y in (2024, 2025)]
REGION = "广东省深圳市龙华区"


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture()
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client over an empty store of its own."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url).dispose()
    with TestClient(create_app(url, upload_dir=tmp_path / "uploads")) as c:
        yield c


def wait(c: TestClient, job: str, seconds: float = 120) -> dict[str, Any]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found: dict[str, Any] = c.get(f"/api/jobs/{job}").json()
        assert found["done"] <= found["total"]
        if found["finished"]:
            return found
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish in {seconds} s")


# -- the archive ---------------------------------------------------------------------------------------

def test_a_zip_gives_its_members_and_refuses_by_name() -> None:
    data = make_zip({
        "reports/longhua-2024-work-report.txt": PAIR[0].read_bytes(),
        "../../etc/evil.txt": b"2024",
        "/abs/evil2.txt": b"2024",
        "tool.exe": b"MZ",
        "inner.zip": make_zip({"a.txt": b"x"}),
        "empty.txt": b"",
        "__MACOSX/._longhua.txt": b"junk",
        "folder/": b"",
    })
    found = expand([("batch.zip", data)])
    assert [(f.name, f.archive) for f in found.files] == [("longhua-2024-work-report.txt", "batch.zip")]
    assert found.files[0].data == PAIR[0].read_bytes()
    reasons = {r.file: r.reason for r in found.refused}
    assert set(reasons) == {"batch.zip/../../etc/evil.txt", "batch.zip//abs/evil2.txt", "batch.zip/tool.exe",
                            "batch.zip/inner.zip", "batch.zip/empty.txt"}
    assert "路径不安全" in reasons["batch.zip/../../etc/evil.txt"] and "../../etc/evil.txt" in reasons[
        "batch.zip/../../etc/evil.txt"]
    assert "路径不安全" in reasons["batch.zip//abs/evil2.txt"]
    assert "不支持的文件类型" in reasons["batch.zip/tool.exe"] and ".exe" in reasons["batch.zip/tool.exe"]
    assert "不支持的文件类型" in reasons["batch.zip/inner.zip"]  # archives are not opened inside archives
    assert "为空" in reasons["batch.zip/empty.txt"]


def test_a_zip_bomb_is_refused_naming_its_member() -> None:
    bomb = b"0" * (40 * 1024 * 1024)  # 40 MB of zeros: a few dozen KB deflated
    data = make_zip({"bomb.txt": bomb, "longhua-2025-work-report.txt": PAIR[1].read_bytes()})
    assert len(data) < 1024 * 1024
    found = expand([("gift.zip", data)])
    assert [f.name for f in found.files] == ["longhua-2025-work-report.txt"]
    [refused] = found.refused
    assert refused.file == "gift.zip/bomb.txt" and refused.status == 413
    assert "bomb.txt" in refused.reason and ("压缩炸弹" in refused.reason or "太大" in refused.reason)


def test_a_highly_compressed_member_under_the_size_limit_is_refused_too() -> None:
    bomb = b"\0" * (8 * 1024 * 1024)  # under the upload limit, but compressed far past the ratio budget
    found = expand([("gift.zip", make_zip({"quiet.txt": bomb}))])
    assert not found.files
    assert "quiet.txt" in found.refused[0].reason and "压缩炸弹" in found.refused[0].reason


def test_an_archive_of_too_many_members_and_a_broken_archive() -> None:
    many = make_zip({f"r{i}.txt": b"2024" for i in range(MAX_MEMBERS + 1)})
    found = expand([("many.zip", many), ("broken.zip", b"PK\x03\x04 not a zip")])
    assert not found.files
    reasons = {r.file: r.reason for r in found.refused}
    assert f"超过 {MAX_MEMBERS} 个" in reasons["many.zip"]
    assert "无法打开" in reasons["broken.zip"] and "broken.zip" in reasons["broken.zip"]


def test_loose_files_are_checked_like_one_upload() -> None:
    found = expand([("a.txt", b"2024"), ("b.exe", b"MZ"), ("c.txt", b""), ("a.txt", b"2025")])
    assert [f.name for f in found.files] == ["a.txt"]
    reasons = {r.file: r.reason for r in found.refused}
    assert "不支持的文件类型" in reasons["b.exe"] and "文件为空" in reasons["c.txt"]
    assert "已有名为「a.txt」" in reasons["a.txt"]


# -- the API -------------------------------------------------------------------------------------------

def test_preview_reads_the_facts_of_each_file_without_storing(empty_client: TestClient) -> None:
    data = make_zip({p.name: p.read_bytes() for p in PAIR})
    sent = [("files", ("two.zip", data, "application/zip")),
            ("files", ("x.exe", b"MZ", "application/octet-stream"))]
    r = empty_client.post("/api/uploads/preview", files=sent)
    assert r.status_code == 200, r.text
    rows = {row["file"]: row for row in r.json()["files"]}
    for year, p in zip(("2024", "2025"), PAIR, strict=True):
        assert rows[p.name]["region"] == REGION and rows[p.name]["year"] == year
        assert rows[p.name]["kind"] == "work_report" and rows[p.name]["archive"] == "two.zip"
    assert "不支持的文件类型" in rows["x.exe"]["error"]
    assert empty_client.get("/api/documents").json()["total"] == 0  # nothing stored


def test_two_reports_become_judged_targets_and_a_bad_file_is_named(empty_client: TestClient) -> None:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in PAIR]
    files.append(("files", ("scan.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")))
    r = empty_client.post("/api/uploads", files=files)
    assert r.status_code == 202, r.text
    job = wait(empty_client, r.json()["job"])
    assert job["state"] == "done" and job["done"] == job["total"] == 3
    assert [e["file"] for e in job["errors"]] == ["scan.pdf"] and "无法读取" in job["errors"][0]["reason"]
    assert [d["file"] for d in job["documents"]] == [p.name for p in PAIR]
    assert job["regions"] == [REGION] and job["judged"] and job["judge_error"] is None
    items = empty_client.get("/api/targets", params={"region": REGION, "limit": 500}).json()["items"]
    statuses = Counter(t["status"] for t in items)
    assert statuses["achieved"] >= 1 and statuses["missed"] >= 1
    assert empty_client.get("/api/documents").json()["total"] == 2
    # the same files again: idempotent by content, judged again all the same
    again = wait(empty_client, empty_client.post("/api/uploads", files=files[:2]).json()["job"])
    assert [d["created"] for d in again["documents"]] == [False, False] and not again["errors"]
    assert empty_client.get("/api/documents").json()["total"] == 2


def test_facts_given_per_file_win(empty_client: TestClient) -> None:
    facts = {PAIR[0].name: {"year": "2023", "kind": "", "region": ""}}
    one = [("files", (PAIR[0].name, PAIR[0].read_bytes(), "text/plain"))]
    r = empty_client.post("/api/uploads", files=one, data={"facts": json.dumps(facts)})
    job = wait(empty_client, r.json()["job"])
    assert not job["errors"], job["errors"]
    doc = empty_client.get(job["documents"][0]["url"].replace("/documents/", "/api/documents/")).json()
    assert doc["plans"][0] == "2023" and doc["given"].get("year") == "2023"
    bad = empty_client.post("/api/uploads", files=[("files", ("a.txt", b"2024", "text/plain"))],
                            data={"facts": "not json"})
    assert bad.status_code == 400 and "文件信息格式不正确" in bad.json()["detail"]
    wrong = wait(empty_client, empty_client.post(
        "/api/uploads", files=[("files", ("a.txt", "2024年目标增长5%。".encode(), "text/plain"))],
        data={"facts": json.dumps({"a.txt": {"year": "19"}})}).json()["job"])
    assert [e["file"] for e in wrong["errors"]] == ["a.txt"]


def test_unknown_job_and_no_files(empty_client: TestClient) -> None:
    r = empty_client.get("/api/jobs/nope")
    assert r.status_code == 404 and "没有该上传任务" in r.json()["detail"]
    assert empty_client.post("/api/uploads").status_code == 422


def test_the_form_without_script_starts_a_job_for_several_files(empty_client: TestClient) -> None:
    files = [("file", (p.name, p.read_bytes(), "text/plain")) for p in PAIR]
    r = empty_client.post("/upload", files=files, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/upload?job=")
    job = r.headers["location"].split("=", 1)[1]
    page = empty_client.get(r.headers["location"]).text
    assert f'data-job="{job}"' in page and 'id="job-bar"' in page
    assert wait(empty_client, job)["regions"] == [REGION]
    assert 'data-job=""' in empty_client.get("/upload?job=unknown").text
