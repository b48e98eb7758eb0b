"""Adding a document through the browser or the API: checks, pipeline, store.

The file is checked (present, not empty, at most ``MAX_BYTES``, a known suffix),
written under the app's upload folder by its own (sanitised) name — uploading a
changed file of the same name makes a new version of that document — then run
through the pipeline (ingest, structure, extract) and stored in one transaction.
Targets are judged later by ``planwatch track``; the document's statements are
visible at once.

Facts the person gives with the file (region, year, kind: optional) are checked first
(:func:`given_meta`) and set in the document's meta before the pipeline runs, so they win over
what the structure stage reads and are kept across re-extraction. Uploading a file already stored
with facts given applies them as an edit of that document's facts (audited, re-read, re-tracked).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from fastapi.concurrency import run_in_threadpool

from planwatch.errors import PlanWatchError
from planwatch.review.facts import FIELDS, FactError, audit_given, check_given
from planwatch.serve import queries
from planwatch.serve.facts import apply_edit, error_message
from planwatch.serve.labels import message
from planwatch.serve.schemas import DocumentOut, UploadOut

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
ENV_UPLOAD_DIR = "PLANWATCH_UPLOAD_DIR"
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


class UploadRejected(Exception):
    """An upload that cannot be stored; ``message`` is for the user (Chinese), ``status`` the HTTP code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def default_upload_dir(db_url: str) -> Path:
    """``$PLANWATCH_UPLOAD_DIR``, else ``uploads/`` beside a SQLite store, else the user data folder."""
    if os.environ.get(ENV_UPLOAD_DIR):
        return Path(os.environ[ENV_UPLOAD_DIR])
    if db_url.startswith("sqlite") and ":///" in db_url:
        path = db_url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path).parent / "uploads"
    from platformdirs import user_data_dir

    return Path(user_data_dir("planwatch")) / "uploads"


def safe_name(filename: str | None) -> str:
    """The base name of an uploaded file, without path parts or characters a file system refuses."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    return base[:200]


def check(filename: str | None, size: int) -> str:
    """The file's suffix, or :class:`UploadRejected` with the reason."""
    name = safe_name(filename)
    if not name:
        raise UploadRejected(400, message("no_file"))
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRejected(415, message("wrong_type", suffix=suffix or name))
    if size == 0:
        raise UploadRejected(400, message("empty"))
    if size > MAX_BYTES:
        raise UploadRejected(413, message("too_big", limit=MAX_BYTES // (1024 * 1024)))
    return suffix


async def read_limited(file: UploadFile) -> bytes:
    """The upload's bytes, reading at most one byte past the limit."""
    data = await file.read(MAX_BYTES + 1)
    return data


def upload_source(path: Path) -> str:
    """The ``source`` an upload is stored under: the absolute path of its copy in the upload folder.

    It depends only on the (sanitised) file name, so a changed file uploaded under the same name
    becomes the next version of that document, and ``planwatch ingest`` of the upload folder
    links to the same documents.
    """
    return str(path.resolve())


def given_meta(app: Any, values: Mapping[str, object] | None) -> dict[str, str]:
    """The facts given with an upload (blank ones left out), checked: meta key → value."""
    filled = {f: v for f, v in (values or {}).items() if f in FIELDS and v is not None and str(v).strip()}
    if not filled:
        return {}
    try:
        with app.state.sessions() as session:
            checked = check_given(session, filled)
    except FactError as err:
        raise UploadRejected(err.status, error_message(err)) from err
    return {k: v for k, v in checked.items() if v is not None}


def _give_again(app: Any, sha: str, actor: str, given: Mapping[str, str]) -> None:
    """Facts given with a file already stored: an edit of that document's facts."""
    values = {f: given[key] for f, key in FIELDS.items() if key in given}
    with app.state.sessions() as session:
        apply_edit(session, sha, actor, values)


def _process_and_store(
    app: Any, path: Path, data: bytes, given: Mapping[str, str] | None = None, actor: str = "local"
) -> tuple[str, bool, int]:
    """Read ``data`` (the bytes just written to ``path``) with the facts ``given`` (meta keys),
    run the pipeline, store the result."""
    try:
        from planwatch.ingest import load_bytes
        from planwatch.pipeline import process_document
        from planwatch.store.db import transaction
        from planwatch.store.repository import document_sha, save_processed
    except ImportError as err:  # a stage is not installed
        raise UploadRejected(503, message("pipeline_missing")) from err
    try:  # from the bytes received, not the file: a concurrent upload of the same name may replace it
        doc = load_bytes(path.name, data, source=upload_source(path))
        if given:
            doc = replace(doc, meta={**doc.meta, **given})
        processed = process_document(doc)
    except PlanWatchError as err:
        raise UploadRejected(422, message("unreadable", reason=getattr(err, "reason", str(err)))) from err
    except (ValueError, UnicodeError, OSError) as err:
        log.exception("upload %s failed in the pipeline", path.name)
        raise UploadRejected(422, message("unreadable", reason=type(err).__name__)) from err
    sha = document_sha(processed.document)
    with transaction(app.state.engine) as session:
        outcome = save_processed(session, processed)
        if outcome != "unchanged" and given:
            audit_given(session, sha, actor, given)
    if outcome == "unchanged" and given:
        _give_again(app, sha, actor, given)
    return sha, outcome != "unchanged", len(processed.statements)


async def store_upload(
    app: Any, file: UploadFile | None, facts: Mapping[str, object] | None = None, actor: str = "local"
) -> UploadOut:
    """Check, save, process and store an uploaded file with the ``facts`` given (``region``,
    ``year``, ``kind``; optional) by ``actor``; raises :class:`UploadRejected`."""
    if file is None or not file.filename:
        raise UploadRejected(400, message("no_file"))
    data = await read_limited(file)
    check(file.filename, len(data))
    given = await run_in_threadpool(given_meta, app, facts)
    folder: Path = app.state.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(file.filename)
    await run_in_threadpool(path.write_bytes, data)
    sha, created, count = await run_in_threadpool(_process_and_store, app, path, data, given, actor)
    with app.state.sessions() as session:
        doc = queries.get_document(session, sha)
    if doc is None:  # pragma: no cover - stored just above
        raise UploadRejected(500, message("unreadable", reason="not stored"))
    summary = DocumentOut(**doc.model_dump(exclude={"text"}))
    return UploadOut(document=summary, created=created, statements=count, url=f"/documents/{sha}")
