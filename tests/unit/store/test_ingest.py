"""Ingesting files: idempotent by hash, versions, failures by name and reason, one transaction each."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from planwatch.model import Document, Statement, Structure
from planwatch.pipeline import Stages, discover
from planwatch.store import repository as repo
from planwatch.store.db import open_store, transaction
from planwatch.store.dump import counts, dump_lines
from planwatch.store.ingest import ingest_paths, reextract
from planwatch.store.schema import DocumentRow

from .fakes import DEV, FAKE, fake_analyse, fake_extract, fake_load, gold_records, make_corpus


def test_ingesting_the_dev_corpus_twice_changes_nothing(engine: Engine) -> None:
    first = ingest_paths(engine, [DEV], stages=FAKE)
    assert first.counts == {"new": 5} and not first.failures
    before = list(dump_lines(engine))
    second = ingest_paths(engine, [DEV], stages=FAKE)
    assert second.counts == {"unchanged": 5}
    assert list(dump_lines(engine)) == before
    n = counts(engine)
    assert n["documents"] == 5 and n["document_text"] == 5
    assert n["statements"] == sum(len(gold_records(p.stem)) for p in DEV.glob("*.txt"))


def test_same_content_in_two_stores_dumps_the_same(engine: Engine, tmp_path: Path) -> None:
    """The dump has no ids or timestamps of its own: another store (SQLite) holds the same lines."""
    ingest_paths(engine, [DEV], stages=FAKE)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        ingest_paths(other, sorted(DEV.glob("*.txt"), reverse=True), stages=FAKE)
        assert list(dump_lines(other)) == list(dump_lines(engine))
    finally:
        other.dispose()


def test_bad_files_are_reported_and_the_rest_go_on(engine: Engine, tmp_path: Path) -> None:
    good = make_corpus(tmp_path / "in", 1)
    (tmp_path / "in" / "latin1.txt").write_bytes("caf\xe9 2020".encode("latin-1"))
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    missing = tmp_path / "nowhere.txt"
    report = ingest_paths(engine, [tmp_path / "in", missing], stages=FAKE)
    assert report.counts["new"] == 5 and report.failed == 3
    reasons = {Path(name).name: reason for name, reason in report.failures}
    assert reasons == {"empty.txt": "empty file", "latin1.txt": "not UTF-8 text",
                       "nowhere.txt": "No such file or directory"}
    with transaction(engine) as s:
        assert sorted(d.name for d in repo.list_documents(s)) == sorted(p.name for p in good)


def test_a_document_that_fails_to_save_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    files = make_corpus(tmp_path, 1)

    def broken(doc: Document, structure: Structure) -> list[Statement]:
        out = fake_extract(doc, structure)
        if doc.name.startswith("002"):  # a statement the database refuses, after the document row
            out.append(out[-1].__class__(**{**out[-1].to_record(), "text": None}))
        return out

    report = ingest_paths(engine, files, stages=Stages(fake_load, fake_analyse, broken))
    assert report.counts["new"] == 4 and [Path(n).name[:3] for n, _ in report.failures] == ["002"]
    with transaction(engine) as s:
        names = [d.name[:3] for d in repo.list_documents(s)]
        assert names == ["000", "001", "003", "004"]
        assert not [x for x in repo.statements(s) if x.doc.startswith("002")]
    assert counts(engine)["document_text"] == 4


def test_changed_file_becomes_a_new_version(engine: Engine, tmp_path: Path) -> None:
    [path] = make_corpus(tmp_path, 1)[:1]
    ingest_paths(engine, [path], stages=FAKE)
    path.write_text(path.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    report = ingest_paths(engine, [tmp_path], stages=FAKE)
    assert report.counts == {"updated": 1, "new": 4}
    assert ingest_paths(engine, [tmp_path], stages=FAKE).counts == {"unchanged": 5}
    with transaction(engine) as s:
        versions = s.scalars(select(DocumentRow.version).where(DocumentRow.name == path.name)
                             .order_by(DocumentRow.version)).all()
        assert versions == [1, 2]


def test_workers_store_the_same_rows(engine: Engine, tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "c", 2)
    report = ingest_paths(engine, files, stages=FAKE, workers=2)
    assert report.counts == {"new": 10}
    single = open_store(f"sqlite:///{tmp_path / 'single.db'}")
    try:
        ingest_paths(single, files, stages=FAKE, workers=1)
        assert list(dump_lines(single)) == list(dump_lines(engine))
    finally:
        single.dispose()


def test_reextract_replaces_statements_from_stored_text(engine: Engine, tmp_path: Path) -> None:
    ingest_paths(engine, [DEV], stages=FAKE)
    fewer = Stages(None, fake_analyse, lambda d, st: [x for x in fake_extract(d, st) if x.kind == "target"])
    report = reextract(engine, stages=fewer)
    assert report.counts == {"reextracted": 5}
    with transaction(engine) as s:
        kinds = {x.kind for x in repo.statements(s)}
        assert kinds == {"target"}
    assert reextract(engine, stages=FAKE).counts == {"reextracted": 5}
    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        ingest_paths(fresh, [DEV], stages=FAKE)
        assert list(dump_lines(fresh)) == list(dump_lines(engine))
    finally:
        fresh.dispose()


def test_discover_walks_folders_and_skips_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("a/x.txt", "a/b/y.HTML", "a/b/z.pdf", "a/notes.md", ".hidden/h.txt", "a/.h.txt", "w.docx"):
        (tmp_path / rel).write_text("1", encoding="utf-8")
    named = tmp_path / "a" / "notes.md"
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path, named, tmp_path / "a"])]
    assert found == ["a/b/y.HTML", "a/b/z.pdf", "a/x.txt", "w.docx", "a/notes.md"]


@pytest.mark.parametrize("copies", [1])
def test_statement_count_per_document(engine: Engine, copies: int, tmp_path: Path) -> None:
    files = make_corpus(tmp_path, copies)
    ingest_paths(engine, files, stages=FAKE)
    with transaction(engine) as s:
        for d in repo.list_documents(s):
            n = len(repo.find_statements(s, doc=d.sha256))
            assert n == len(gold_records(d.name[:20])), d.name
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == len(files)
