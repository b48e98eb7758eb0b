"""Every bad input gives an IngestError with a plain reason; batches go on past bad files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.errors import IngestError
from planwatch.ingest import MAX_BYTES, SUPPORTED_SUFFIXES, iter_documents, load, load_bytes, max_bytes
from planwatch.model import Document

from .formats import DEV, DOC0, write_gb18030


def _reason(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        load(path)
    assert info.value.path == str(path)
    assert "\n" not in info.value.reason
    return info.value.reason


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    assert _reason(tmp_path / "e.txt") == "empty file"


def test_whitespace_only(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(" \n\t\n", "utf-8")
    assert "only whitespace" in _reason(tmp_path / "w.txt")


def test_binary_garbage_txt(tmp_path: Path) -> None:
    (tmp_path / "g.txt").write_bytes(os.urandom(4096))
    assert "binary" in _reason(tmp_path / "g.txt") or "undecodable" in _reason(tmp_path / "g.txt")
    (tmp_path / "elf.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00\x01" * 500)
    assert "binary data" in _reason(tmp_path / "elf.txt")


def test_text_without_chinese(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("Just an English note, nothing to read here.\n" * 5, "utf-8")
    assert "no Chinese text" in _reason(tmp_path / "en.txt")


def test_unsupported_type(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx.bak").write_text("各位代表", "utf-8")
    assert "unsupported type '.bak'" in _reason(tmp_path / "a.xlsx.bak")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert _reason(tmp_path / "nope.txt") == "no such file"
    assert "is a folder" in _reason(tmp_path)


def test_hundred_megabyte_file_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(100 * 2**20)
    start = time.perf_counter()
    reason = _reason(big)
    assert time.perf_counter() - start < 0.1
    assert reason.startswith("file too large: 100.0 MB")


def test_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BYTES == 50 * 2**20 or os.environ.get("PLANWATCH_MAX_BYTES")
    monkeypatch.setenv("PLANWATCH_MAX_BYTES", "1000")
    assert max_bytes() == 1000
    assert "too large" in _reason(DOC0)
    with pytest.raises(IngestError, match="too large"):
        load_bytes("x.txt", DOC0.read_bytes())
    monkeypatch.setenv("PLANWATCH_MAX_BYTES", "not a number")
    assert max_bytes() == 50 * 2**20


def test_iter_documents_goes_on_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_bytes(DOC0.read_bytes())
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_bad.pdf").write_bytes(b"%PDF-1.4 broken")
    sub = tmp_path / "sub"
    sub.mkdir()
    write_gb18030(DOC0, sub)
    (tmp_path / ".hidden.txt").write_bytes(DOC0.read_bytes())
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_bytes(DOC0.read_bytes())
    (tmp_path / "notes.md").write_text("各位代表", "utf-8")
    got = {p.name: r for p, r in iter_documents([tmp_path])}
    assert sorted(got) == ["000_60d02156ec099e48.gb18030.txt", "a_good.txt", "b_empty.txt", "c_bad.pdf"]
    assert isinstance(got["a_good.txt"], Document)
    assert isinstance(got["000_60d02156ec099e48.gb18030.txt"], Document)
    assert isinstance(got["b_empty.txt"], IngestError) and got["b_empty.txt"].reason == "empty file"
    assert isinstance(got["c_bad.pdf"], IngestError) and "PDF" in got["c_bad.pdf"].reason
    flat = {p.name for p, _ in iter_documents(tmp_path, recursive=False)}
    assert "000_60d02156ec099e48.gb18030.txt" not in flat


def test_iter_documents_named_files_and_missing_paths(tmp_path: Path) -> None:
    results = list(iter_documents([DEV, tmp_path / "missing.txt"]))
    assert [isinstance(r, Document) for _, r in results] == [True] * 5 + [False]
    assert results[-1][1].reason == "no such file"  # type: ignore[union-attr]


def test_supported_suffixes() -> None:
    assert {".txt", ".html", ".htm", ".pdf", ".docx"} <= SUPPORTED_SUFFIXES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["x.txt", "x.html", "x.pdf", "x.docx", "x", "x.htm", "x.TXT"]),
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe"]),
    data=st.binary(max_size=2048),
)
def test_load_bytes_never_fails_otherwise(name: str, prefix: bytes, data: bytes) -> None:
    try:
        doc = load_bytes(name, prefix + data)
    except IngestError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(doc, Document) and len(doc.analysis) == len(doc.text)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_text_with_chinese_round_trips(text: str) -> None:
    data = ("各位代表" + text).encode("utf-8", "surrogatepass")
    try:
        doc = load_bytes("t.txt", data)
    except IngestError as exc:
        assert "binary" in exc.reason or "undecodable" in exc.reason
    else:
        assert doc.text == "各位代表" + text
