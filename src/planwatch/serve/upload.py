"""Adding a document through the browser or the API: checks, pipeline, store.

The file is checked (present, not empty, at most ``MAX_BYTES``, a known suffix), run
through the pipeline (ingest, structure, extract) in a stoppable worker process within
the readers' budgets (``planwatch.ingest.limits``: a bomb is refused with 413/422 and
the reason in Chinese), stored in one transaction, and only then written under the
app's upload folder by its own (sanitised) name — uploading a changed file of the same
name makes a new version of that document; a rejected upload leaves no file behind.
Targets are judged later by ``planwatch track``; the document's statements are
visible at once.

Facts the person gives with the file (region, year, kind: optional) are checked first
(:func:`given_meta`) and set in the document's meta before the pipeline runs, so they win over
what the structure stage reads and are kept across re-extraction. Uploading a file already stored
with facts given applies them as an edit of that document's facts (audited, re-read, re-tracked).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from fastapi.concurrency import run_in_threadpool

from planwatch.errors import PlanWatchError
from planwatch.ingest import FORMATS, LIMITS, BudgetExceeded, load_bytes
from planwatch.pipeline import Processed, process_document
from planwatch.review.facts import FIELDS, FactError, audit_given, check_given
from planwatch.serve.facts import apply_edit, error_message
from planwatch.serve.labels import budget_reason, message
from planwatch.serve.read import queries
from planwatch.serve.schemas import DocumentOut, UploadOut
from planwatch.settings import UPLOAD_MAX_BYTES, settings
from planwatch.store.db import transaction
from planwatch.store.repository import document_sha, save_processed
from planwatch.store.sandbox import Stopped, run_all

log = logging.getLogger(__name__)

#: The largest upload (one request body): :data:`planwatch.settings.UPLOAD_MAX_BYTES`.
MAX_BYTES = UPLOAD_MAX_BYTES
#: What an upload may be: every suffix the ingest stage reads (its one list), in its order.
ALLOWED_SUFFIXES: tuple[str, ...] = tuple(FORMATS)
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


class UploadRejected(Exception):
    """An upload that cannot be stored; ``message`` is for the user (Chinese), ``status`` the HTTP code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def default_upload_dir(db_url: str) -> Path:
    """``$PLANWATCH_UPLOAD_DIR``, else ``uploads/`` beside a SQLite store, else the user data folder."""
    chosen = settings().upload_dir
    if chosen is not None:
        return chosen
    if db_url.startswith("sqlite") and ":///" in db_url:
        path = db_url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path).parent / "uploads"
    from platformdirs import user_data_dir

    return Path(user_data_dir("planwatch")) / "uploads"


#: File systems refuse names over 255 bytes; a stored name keeps well inside that.
MAX_NAME_BYTES = 200


def safe_name(filename: str | None) -> str:
    """The base name of an uploaded file, without path parts or characters a file system refuses.

    A long name is shortened in its stem, never in its suffix (``….pdf`` stays a PDF), to at most
    :data:`MAX_NAME_BYTES` bytes of UTF-8.
    """
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    if len(base.encode()) <= MAX_NAME_BYTES:
        return base
    path = Path(base)
    suffix = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix
    if len(suffix) > 16:
        suffix = ""
    stem = base[: len(base) - len(suffix)]
    room = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .")
    return stem + suffix


def _suffix(name: str) -> str:
    """The format suffix of a name: ``.html`` for ``page.html`` and for gzip-encoded ``page.html.gz``."""
    path = Path(name)
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return path.suffix.lower()


def check(filename: str | None, size: int) -> str:
    """The file's suffix, or :class:`UploadRejected` with the reason."""
    name = safe_name(filename)
    if not name:
        raise UploadRejected(400, message("no_file"))
    suffix = _suffix(name)
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


def _read_in_worker(item: tuple[str, bytes, str, Mapping[str, str] | None]) -> Any:
    """Stages 1-3 on the uploaded bytes with the facts given (runs in a stoppable worker process):
    Processed, or the error as ``(kind, detail, format)``."""
    name, data, source, given = item
    try:
        doc = load_bytes(name, data, source=source)
        if given:
            doc = replace(doc, meta={**doc.meta, **given})
        return process_document(doc)
    except BudgetExceeded as err:
        return ("budget", err.code, err.fmt)
    except PlanWatchError as err:
        return ("unreadable", getattr(err, "reason", str(err)), "")
    except (ValueError, UnicodeError, OSError) as err:
        log.exception("upload %s failed in the pipeline", name)
        return ("unreadable", type(err).__name__, "")


def _rejection(result: Any) -> UploadRejected:
    if isinstance(result, Stopped):
        code = result.code if result.code in ("seconds", "memory") else None
        if code is None:
            return UploadRejected(422, message("unreadable", reason=result.reason))
        return over_budget(code, "")
    kind, detail, fmt = result
    if kind == "budget":
        return over_budget(detail, fmt)
    return UploadRejected(422, message("unreadable", reason=detail))


def over_budget(code: str, fmt: str) -> UploadRejected:
    """The Chinese answer to a file over the budget ``code``: 413 for sizes, 422 for the rest."""
    spec = LIMITS[code]
    reason = budget_reason(code, fmt=fmt.upper() or "文件", limit=spec.show(), env=spec.env)
    status = 413 if code in ("bytes", "expanded", "ratio") else 422
    return UploadRejected(status, message("over_budget", reason=reason))


def _process_and_store(
    app: Any, path: Path, data: bytes, given: Mapping[str, str] | None = None, actor: str = "local"
) -> tuple[str, bool, int]:
    """Read ``data`` with the facts ``given`` (meta keys) in a stoppable worker within the budgets,
    store the result, then keep the file.

    The bytes are written to ``path`` only once stored: a rejected upload leaves nothing behind.
    """
    # from the bytes received, not a file: a concurrent upload of the same name may replace it
    result = next(iter(run_all(_read_in_worker, [(path.name, data, upload_source(path), given)])))
    if not isinstance(result, Processed):
        raise _rejection(result)
    sha = document_sha(result.document)
    with transaction(app.state.engine) as session:
        outcome = save_processed(session, result)
        if outcome != "unchanged" and given:
            audit_given(session, sha, actor, given)
    if outcome == "unchanged" and given:
        _give_again(app, sha, actor, given)
    try:
        path.write_bytes(data)
    except OSError:  # stored all the same; ``planwatch ingest`` of the folder would only miss it
        log.exception("upload %s stored but not kept in %s", path.name, path.parent)
    return sha, outcome != "unchanged", len(result.statements)


async def store_upload(
    app: Any, file: UploadFile | None, facts: Mapping[str, object] | None = None, actor: str = "local"
) -> UploadOut:
    """Check, process, store and keep an uploaded file with the ``facts`` given (``region``,
    ``year``, ``kind``; optional) by ``actor``; raises :class:`UploadRejected`."""
    if file is None or not file.filename:
        raise UploadRejected(400, message("no_file"))
    data = await read_limited(file)
    check(file.filename, len(data))
    given = await run_in_threadpool(given_meta, app, facts)
    folder: Path = app.state.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(file.filename)
    sha, created, count = await run_in_threadpool(_process_and_store, app, path, data, given, actor)
    with app.state.sessions() as session:
        doc = queries.get_document(session, sha)
    if doc is None:  # pragma: no cover - stored just above
        raise UploadRejected(500, message("unreadable", reason="not stored"))
    summary = DocumentOut(**doc.model_dump(exclude={"text"}))
    return UploadOut(document=summary, created=created, statements=count, url=f"/documents/{sha}")
