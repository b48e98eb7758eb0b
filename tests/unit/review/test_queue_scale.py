"""The review queue reads a constant number of queries whatever the number of documents, and never
their texts; what it lists is what reviewing each document says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from planwatch.pipeline import Processed, process
from planwatch.review import service
from planwatch.review.queue import queue
from planwatch.store.db import open_store, transaction
from planwatch.store.repository import ensure_indicators, save_processed

from .conftest import DEV, DOC


@pytest.fixture(scope="module")
def processed() -> Processed:
    return process(DEV / DOC)


def _store(url: str, p: Processed, copies: int) -> Engine:
    engine = open_store(url)
    with transaction(engine) as s:
        ensure_indicators(s)
        for i in range(copies):
            name = f"copy{i:03d}.txt"
            mark = f"\n副本{i}\n"
            doc = replace(p.document, name=name, text=p.document.text + mark,
                          analysis=p.document.analysis + mark, sha256=f"{i:064x}",
                          source=f"/copies/{i}/{name}")
            save_processed(s, replace(p, document=doc, statements=tuple(replace(x, doc=name)
                                                                        for x in p.statements)))
    return engine


def _queries(engine: Engine, limit: int) -> tuple[int, list[str], int]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with transaction(engine) as s:
            items, progress = queue(s, limit=limit)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), [q.key for q in items], len(progress)


def test_queue_queries_do_not_grow_with_documents(tmp_path: Path, processed: Processed) -> None:
    few = _store(f"sqlite:///{tmp_path / 'few.db'}", processed, 2)
    many = _store(f"sqlite:///{tmp_path / 'many.db'}", processed, 12)
    n_few, keys_few, docs_few = _queries(few, 1)
    n_many, keys_many, docs_many = _queries(many, 1)
    assert (docs_few, docs_many) == (2, 12) and len(keys_few) == len(keys_many) == 1
    assert n_many == n_few <= 8
    few.dispose()
    many.dispose()


def test_queue_never_reads_document_texts(tmp_path: Path, processed: Processed) -> None:
    engine = _store(f"sqlite:///{tmp_path / 's.db'}", processed, 3)
    texts: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "document_text" in statement:
            texts.append(statement)

    event.listen(engine, "before_cursor_execute", spy)
    with transaction(engine) as s:
        queue(s, limit=50)
    assert texts == []
    engine.dispose()


def test_queue_agrees_with_each_documents_review(tmp_path: Path, processed: Processed) -> None:
    engine = _store(f"sqlite:///{tmp_path / 's.db'}", processed, 4)
    with transaction(engine) as s:
        items, _ = queue(s, limit=5)
        service.record(s, items[0].doc_sha, "confirm", "ann", item=items[0].key)
        service.record(s, items[1].doc_sha, "edit", "ann", item=items[1].key, fields={"value": 7})
        service.record(s, items[2].doc_sha, "delete", "ann", item=items[2].key)
    with transaction(engine) as s:
        after, progress = queue(s, limit=10_000)
        expected = []
        for p in progress:
            review = service.document_review(s, p.sha)
            assert review is not None
            assert (p.reviewed, p.total, p.complete) == (review.reviewed, review.total, review.complete)
            expected += [i.key for i in review.items if i.correction is None]
    assert sorted(q.key for q in after) == sorted(expected)
    assert not {q.key for q in after} & {i.key for i in items[:3]}
    assert [q.score for q in after] == sorted((q.score for q in after), reverse=True)
    engine.dispose()
