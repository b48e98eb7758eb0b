"""Ingesting files into the store, and re-extracting stored documents.

Each file is hashed first: a hash already stored is ``unchanged`` and not read
again. The others go through the pipeline (stages 1-3, in worker processes that a
timeout or a memory cap can stop: :mod:`planwatch.store.sandbox`; or in Ray tasks,
:mod:`planwatch.store.ray_ingest`), which turn each document into its rows
(:func:`planwatch.store.bulk.rows_of`). The writer stores them as they arrive, a batch of
documents per transaction (:func:`planwatch.store.bulk.save_rows`): what is ready, up to a limit
that starts at one document and doubles to :data:`MAX_BATCH`, so the first documents are visible
at once and a process killed mid-way leaves every document either whole or absent. A file that
fails is reported with its reason and the rest go on; a batch whose transaction fails is written
again one document at a time, so that only the bad document is lost.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from planwatch.errors import IngestError
from planwatch.pipeline import (
    REAL,
    Stages,
    discover,
    file_sha256,
    process,
    process_document,
    with_given,
)
from planwatch.store import repository
from planwatch.store.bulk import DocumentRows, rows_of, save_rows
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
#: What reading a file gives: its rows, or the reason it failed.
Result = DocumentRows | str
#: Runs the pipeline on items and yields, as they become ready, lists of ``(index, result)``
#: (each list non-empty; every index once, in any order).
Runner = Callable[[list[Item]], Iterator[list[tuple[int, Result]]]]

#: Documents per transaction, at most (see the module's docstring).
MAX_BATCH = 64


def _work(item: Item) -> Result:
    """Process one file into its rows; a failure comes back as its reason (runs in a worker)."""
    path, sha, stages, given = item
    try:
        return rows_of(process(path, stages, sha256=sha, given=given))
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


def _save(engine: Engine, rows: DocumentRows) -> tuple[str, str | None]:
    """Store one document: its outcome, and the reason when it failed.

    A conflict with a concurrent ingest is tried again; the same bytes stored by it meanwhile are
    ``unchanged``, so two ingests of one folder end with each document stored once.
    """
    last: Exception | None = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(engine) as s:
                return save_rows(s, [rows])[0], None
        except Exception as exc:
            if _stored_meanwhile(engine, rows.sha256):  # another ingest stored the same bytes first
                return "unchanged", None
            last = exc
            if not isinstance(exc, (IntegrityError, OperationalError)):
                break
            time.sleep(0.05 * attempt)
    assert last is not None
    return "failed", _reason(last)


def save_batch(engine: Engine, batch: Sequence[DocumentRows]) -> list[tuple[str, str | None]]:
    """Store ``batch`` in one transaction: each document's outcome and reason (None unless failed).

    When the transaction fails, each document is written again on its own (:func:`_save`), so a
    bad document costs only itself.
    """
    if len(batch) > 1:
        try:
            with transaction(engine) as s:
                return [(outcome, None) for outcome in save_rows(s, batch)]
        except Exception:
            pass
    return [_save(engine, rows) for rows in batch]


_END = object()


def local_runner(workers: int) -> Runner:
    """The default runner: :func:`planwatch.store.sandbox.run_all` in a thread of its own, so that
    the workers go on reading while the writer writes; results as they come, in input order."""

    def run(items: list[Item]) -> Iterator[list[tuple[int, Result]]]:
        box: queue.Queue[object] = queue.Queue(maxsize=4 * MAX_BATCH)
        stop = threading.Event()

        def feed() -> None:
            try:
                gen = run_all(_work, items, workers=workers)
                for i, result in enumerate(gen):
                    if stop.is_set():
                        gen.close()
                        return
                    box.put((i, result.reason if isinstance(result, Stopped) else result))
                box.put(_END)
            except BaseException as exc:  # handed to the writer's thread, raised there
                box.put(exc)

        thread = threading.Thread(target=feed, name="planwatch-ingest-workers", daemon=True)
        thread.start()
        try:
            finished = False
            while not finished:
                got: list[tuple[int, Result]] = []
                block = True
                while len(got) < MAX_BATCH:
                    try:
                        item = box.get(timeout=0.2) if block else box.get_nowait()
                    except queue.Empty:
                        if got:
                            break
                        continue
                    if item is _END:
                        finished = True
                        break
                    if isinstance(item, BaseException):
                        raise item
                    got.append(item)  # type: ignore[arg-type]
                    block = False
                if got:
                    yield got
        finally:
            stop.set()
            while thread.is_alive():  # let the feeder see the stop and close its pool
                with contextlib.suppress(queue.Empty):
                    box.get(timeout=0.1)
            thread.join()

    return run


def _write(
    engine: Engine, todo: list[Item], runner: Runner, batch: int | None,
    done: Callable[[Path, str, str | None], None],
) -> None:
    """Write the runner's results as they come: fixed batches of ``batch`` documents, or (None)
    what is ready, in batches of 1, 2, 4 … up to :data:`MAX_BATCH`."""
    limit = batch or 1
    pending: deque[tuple[Path, DocumentRows]] = deque()

    def flush(size: int) -> None:
        chunk = [pending.popleft() for _ in range(min(size, len(pending)))]
        for (path, _), (outcome, reason) in zip(chunk, save_batch(engine, [r for _, r in chunk]),
                                                strict=True):
            done(path, outcome, reason)

    for ready in runner(todo):
        for index, result in ready:
            path = todo[index][0]
            if isinstance(result, str):
                done(path, "failed", result)
            else:
                pending.append((path, result))
        while pending and (batch is None or len(pending) >= limit):
            flush(limit)
            if batch is None:
                limit = min(2 * limit, MAX_BATCH)
    while pending:
        flush(limit)


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    stages: Stages = REAL,
    workers: int = 1,
    progress: Progress | None = None,
    given: Mapping[str, str] | None = None,
    runner: Runner | None = None,
    batch: int | None = None,
) -> IngestReport:
    """Store every file under ``paths`` (see :func:`planwatch.pipeline.discover`).

    Files are read by ``runner`` (default :func:`local_runner` with ``workers`` processes) and
    written ``batch`` documents per transaction (default: what is ready, see :func:`_write`).

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
    if todo:
        _write(engine, todo, runner or local_runner(workers), batch, done)
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
