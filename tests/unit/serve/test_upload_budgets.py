"""Uploads keep the readers' budgets: a bomb gets 413/422 with the reason in Chinese, and leaves no file."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.serve.upload import MAX_NAME_BYTES, safe_name

from .conftest import EXTRA

FUTIAN = EXTRA / "futian-2023-work-report.txt"


def _gzip_bomb(size: int = 512 * 2**20) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as f:
        f.write(b"<html><body><p>")
        block = b" " * 2**20
        for _ in range(size // len(block)):
            f.write(block)
    return out.getvalue()


def _docx_bomb(size: int = 300 * 2**20) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            block = b"<w:p><w:r><w:t>" + "增长".encode() * 20000 + b"</w:t></w:r></w:p>"
            for _ in range(size // len(block)):
                f.write(block)
    return out.getvalue()


def _uploads(tmp_path: Path) -> list[str]:
    folder = tmp_path / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "bomb", "words"),
    [
        ("packed.html", _gzip_bomb, "压缩比超过 200:1"),
        ("report.html.gz", _gzip_bomb, "压缩比超过 200:1"),
        ("bomb.docx", _docx_bomb, "DOCX 解压后超过 200 MB（设置项 PLANWATCH_MAX_EXPANDED）"),
    ],
)
def test_a_bomb_upload_is_refused_in_chinese_and_leaves_no_file(
    fresh_client: TestClient, tmp_path: Path, name: str, bomb: object, words: str
) -> None:
    data = bomb()  # type: ignore[operator]
    api = fresh_client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert api.status_code == 413 and words in api.json()["detail"], api.text
    form = fresh_client.post("/upload", files={"file": (name, data, "application/octet-stream")})
    assert form.status_code == 413 and words in form.text
    assert _uploads(tmp_path) == []
    assert fresh_client.get("/api/documents").json()["total"] == 5  # nothing stored


def test_budgets_past_parsing_answer_422(fresh_client: TestClient, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_MAX_CHARS", "1000")
    upload = {"file": (FUTIAN.name, FUTIAN.read_bytes(), "text/plain")}
    api = fresh_client.post("/api/documents", files=upload)
    assert api.status_code == 422
    assert "TXT 的文字超过 1,000 个字符（设置项 PLANWATCH_MAX_CHARS）" in api.json()["detail"]
    assert _uploads(tmp_path) == []


def test_an_unreadable_upload_leaves_no_file(fresh_client: TestClient, tmp_path: Path) -> None:
    junk = {"file": ("scan.pdf", b"%PDF-1.4 junk", "application/pdf")}
    bad = fresh_client.post("/api/documents", files=junk)
    assert bad.status_code == 422 and _uploads(tmp_path) == []
    good = fresh_client.post("/api/documents", files={"file": ("ok.txt", FUTIAN.read_bytes(), "text/plain")})
    assert good.status_code == 201 and _uploads(tmp_path) == ["ok.txt"]


def test_a_long_name_keeps_its_suffix(fresh_client: TestClient, tmp_path: Path) -> None:
    name = "关于" * 150 + ".txt"  # 300 characters before the suffix
    short = safe_name(name)
    assert short.endswith(".txt") and len(short.encode()) <= MAX_NAME_BYTES and short.startswith("关于关于")
    assert safe_name("a" * 300 + ".html.gz").endswith(".html.gz")
    resp = fresh_client.post("/api/documents", files={"file": (name, FUTIAN.read_bytes(), "text/plain")})
    assert resp.status_code == 201, resp.text
    assert _uploads(tmp_path) == [short]
