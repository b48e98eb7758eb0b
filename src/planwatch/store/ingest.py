"""Ingesting files into the store, and re-extracting stored documents.

Each file is hashed first: a hash already stored is ``unchanged`` and not read
again. The others go through the pipeline (stages 1-3, in worker processes that a
timeout or a memory cap can stop: :mod:`planwatch.store.sandbox`) and are stored in
input order, one transaction per document, so
a process killed mid-way leaves every document either whole or absent. A file
that fails is reported with its reason and the rest go on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from planwatch.errors import IngestError
from planwatch.pipeline import REAL, Processed, Stages, discover, file_sha256, process, process_document
from planwatch.store import repository
from planwatch.store.db import transaction
from planwatch.store.sandbox import Stopped, run_all
from planwatch.store.schema import DocumentRow

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


def _work(item: tuple[Path, str, Stages]) -> Processed | str:
    """Process one file; a failure comes back as its reason (runs in a worker process)."""
    path, sha, stages = item
    try:
        return process(path, stages, sha256=sha)
    except Exception as exc:
        return _reason(exc)


def _stored_meanwhile(engine: Engine, sha: str) -> bool:
    try:
        with transaction(engine) as s:
            return s.get(DocumentRow, sha) is not None
    except Exception:
        return False


def _results(items: list[tuple[Path, str, Stages]], workers: int) -> Iterator[Processed | str]:
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
) -> IngestReport:
    """Store every file under ``paths`` (see :func:`planwatch.pipeline.discover`)."""
    report = IngestReport()

    def done(path: Path, outcome: str, reason: str | None = None) -> None:
        report.counts[outcome] += 1
        if reason is not None:
            report.failures.append((str(path), reason))
        if progress is not None:
            progress(path, outcome)

    with transaction(engine) as s:
        repository.ensure_indicators(s)
        stored = set(s.scalars(select(DocumentRow.sha256)))
    todo: list[tuple[Path, str, Stages]] = []
    for path in discover(paths):
        try:
            sha = file_sha256(path)
        except OSError as exc:
            done(path, "failed", exc.strerror or str(exc))
            continue
        if sha in stored:
            done(path, "unchanged")
            continue
        stored.add(sha)  # the same bytes twice in one run are stored once
        todo.append((path, sha, stages))
    for (path, sha, _), result in zip(todo, _results(todo, workers), strict=True):
        if isinstance(result, str):
            done(path, "failed", result)
            continue
        try:
            with transaction(engine) as s:
                outcome = repository.save_processed(s, result)
        except Exception as exc:
            if _stored_meanwhile(engine, sha):  # another ingest stored the same bytes first
                done(path, "unchanged")
            else:
                done(path, "failed", _reason(exc))
            continue
        done(path, outcome)
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
