"""Ingesting files into the store, and re-extracting stored documents.

Each file is hashed first: a hash already stored is ``unchanged`` and not read
again. The others go through the pipeline (stages 1-3, in worker processes that a
timeout or a memory cap can stop: :mod:`planwatch.store.sandbox`) and are stored in
input order, one transaction per document, so
a process killed mid-way leaves every document either whole or absent. A file
that fails is reported with its reason and the rest go on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from planwatch.errors import IngestError
from planwatch.pipeline import (
    REAL,
    Processed,
    Stages,
    discover,
    file_sha256,
    process,
    process_document,
    with_given,
)
from planwatch.store import repository
from planwatch.store.db import transaction
from planwatch.store.sandbox import Stopped, run_all
from planwatch.store.schema import DocumentRow

T = TypeVar("T")

#: Called after each file with its path and outcome (``new``, ``unchanged``, ``updated``, ``failed``).
Progress = Callable[[Path, str], None]


@dataclass
class IngestReport:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, IngestError):
        return exc.reason
    return f"{type(exc).__name__}: {exc}"


Item = tuple[Path, str, Stages, Mapping[str, str] | None]


def _work(item: Item) -> Processed | str:
    """Process one file; a failure comes back as its reason (runs in a worker process)."""
    path, sha, stages, given = item
    try:
        return process(path, stages, sha256=sha, given=given)
    except Exception as exc:
        return _reason(exc)


def _regive(engine: Engine, sha: str, given: Mapping[str, str], stages: Stages) -> bool:
    """Give facts to a document stored before: keep them in its meta and read it again (True when
    they changed anything)."""
    with transaction(engine) as s:
        doc = repository.get_document(s, sha)
    if doc is None or all(doc.meta.get(k) == v for k, v in given.items()):
        return False
    doc = with_given(doc, given)
    processed = process_document(doc, stages)
    with transaction(engine) as s:
        s.execute(update(DocumentRow).where(DocumentRow.sha256 == sha)
                  .values(meta=dict(sorted(doc.meta.items()))))
        repository.replace_extraction(s, processed)
    return True


def _stored_meanwhile(engine: Engine, sha: str) -> bool:
    try:
        with transaction(engine) as s:
            return s.get(DocumentRow, sha) is not None
    except Exception:
        return False


#: Attempts at a write that another ingest of the same store may race (same indicators, regions).
ATTEMPTS = 4


def _retry(write: Callable[[], T]) -> T:
    """``write()``, tried again after a conflict with a concurrent writer (its rows are there now)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return write()
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _ensure_indicators(engine: Engine) -> None:
    with transaction(engine) as s:
        repository.ensure_indicators(s)


def _save(engine: Engine, processed: Processed, sha: str) -> tuple[str, str | None]:
    """Store one document: its outcome, and the reason when it failed.

    A conflict with a concurrent ingest is tried again; the same bytes stored by it meanwhile are
    ``unchanged``, so two ingests of one folder end with each document stored once.
    """
    last: Exception | None = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(engine) as s:
                return repository.save_processed(s, processed), None
        except Exception as exc:
            if _stored_meanwhile(engine, sha):  # another ingest stored the same bytes first
                return "unchanged", None
            last = exc
            if not isinstance(exc, (IntegrityError, OperationalError)):
                break
            time.sleep(0.05 * attempt)
    assert last is not None
    return "failed", _reason(last)


def _results(items: list[Item], workers: int) -> Iterator[Processed | str]:
    """Each item's outcome, read in stoppable worker processes (see :mod:`planwatch.store.sandbox`)."""
    for result in run_all(_work, items, workers=workers):
        yield result.reason if isinstance(result, Stopped) else result


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    stages: Stages = REAL,
    workers: int = 1,
    progress: Progress | None = None,
    given: Mapping[str, str] | None = None,
) -> IngestReport:
    """Store every file under ``paths`` (see :func:`planwatch.pipeline.discover`).

    ``given`` facts (``model.GIVEN_FACT_KEYS`` entries, checked by the caller) go into each document's
    meta and win over what the structure stage reads; a file stored before is read again with them.
    """
    report = IngestReport()

    def done(path: Path, outcome: str, reason: str | None = None) -> None:
        report.counts[outcome] += 1
        if reason is not None:
            report.failures.append((str(path), reason))
        if progress is not None:
            progress(path, outcome)

    _retry(lambda: _ensure_indicators(engine))
    with transaction(engine) as s:
        stored = set(s.scalars(select(DocumentRow.sha256)))
    todo: list[Item] = []
    for path in discover(paths):
        try:
            sha = file_sha256(path)
        except OSError as exc:
            done(path, "failed", exc.strerror or str(exc))
            continue
        if sha in stored:
            try:
                regiven = bool(given) and _regive(engine, sha, given or {}, stages)
            except Exception as exc:
                done(path, "failed", _reason(exc))
                continue
            done(path, "updated" if regiven else "unchanged")
            continue
        stored.add(sha)  # the same bytes twice in one run are stored once
        todo.append((path, sha, stages, given))
    for (path, sha, _, _), result in zip(todo, _results(todo, workers), strict=True):
        if isinstance(result, str):
            done(path, "failed", result)
            continue
        outcome, reason = _save(engine, result, sha)
        done(path, outcome, reason)
    return report


def reextract(
    engine: Engine, *, stages: Stages = REAL, progress: Progress | None = None
) -> IngestReport:
    """Run structure and extraction again on every stored document's canonical text."""
    report = IngestReport()
    with transaction(engine) as s:
        repository.ensure_indicators(s)
        keys = list(s.scalars(select(DocumentRow.sha256).order_by(DocumentRow.name, DocumentRow.sha256)))
    for sha in keys:
        with transaction(engine) as s:
            doc = repository.get_document(s, sha)
        assert doc is not None
        path = Path(doc.source or doc.name)
        try:
            processed = process_document(doc, stages)
            with transaction(engine) as s:
                repository.replace_extraction(s, processed)
        except Exception as exc:
            report.counts["failed"] += 1
            report.failures.append((f"{doc.name} ({sha[:12]})", _reason(exc)))
            if progress is not None:
                progress(path, "failed")
            continue
        report.counts["reextracted"] += 1
        if progress is not None:
            progress(path, "reextracted")
    return report
