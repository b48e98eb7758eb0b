"""Several files at once: a .zip expanded safely, and the facts the engine reads from each file.

:func:`expand` turns what a person sent (files, some of them .zip archives) into the files to store,
each by name, and the ones refused, each with its reason in Chinese. An archive is opened only within
the budgets: members with a path that climbs out (``..``, an absolute path, a drive) are refused,
so are members of an unknown type, members over the upload limit
(:data:`planwatch.settings.UPLOAD_MAX_BYTES`), an archive of more than :data:`MAX_MEMBERS` members,
and members that expand past the readers' budgets (``PLANWATCH_MAX_EXPANDED`` in total,
``PLANWATCH_MAX_RATIO`` per member): a zip bomb is refused with its member's name, whatever its
headers claim (the bytes are counted as they are inflated). Nested archives are not opened.

:func:`preview` reads the facts (region, plan year, kind) of each file with stages 1-2 in the
stoppable worker processes of the store (``store.sandbox``), within the same budgets as an upload.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from planwatch.errors import PlanWatchError
from planwatch.ingest import BudgetExceeded, load_bytes
from planwatch.ingest.budget import CHUNK
from planwatch.ingest.limits import limit
from planwatch.serve.labels import formatted
from planwatch.serve.upload import MAX_BYTES, UploadRejected, _rejection, check, safe_name
from planwatch.settings import UPLOAD_MAX_FILES
from planwatch.store.sandbox import run_all
from planwatch.structure import analyse

#: The most members an archive may hold (and files one batch may hold).
MAX_MEMBERS = UPLOAD_MAX_FILES
ZIP = ".zip"
MAX_MB = MAX_BYTES // (1024 * 1024)
#: Members an archiving tool adds and nobody means to upload: skipped silently.
_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def batch_message(key: str, **values: Any) -> str:
    """A message of the ``batch`` group of ``labels.yaml``, formatted with ``values``."""
    return formatted("batch", key, **values)


@dataclass(frozen=True)
class Incoming:
    """One file to store: its (safe) name, where it came from (the archive, if any), its bytes."""

    name: str
    data: bytes
    archive: str | None = None


@dataclass(frozen=True)
class Refused:
    """One file (or archive member) refused before any reading: its name and why, in Chinese."""

    file: str
    reason: str
    status: int = 422


@dataclass
class Expanded:
    files: list[Incoming] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def is_zip(name: str | None) -> bool:
    return safe_name(name).lower().endswith(ZIP)


def _unsafe_path(member: str) -> bool:
    path = member.replace("\\", "/")
    parts = PurePosixPath(path).parts
    return path.startswith("/") or ".." in parts or (len(path) > 1 and path[1] == ":")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes, inflated chunk by chunk; ValueError(code) past a budget."""
    ratio = limit("ratio")
    cap = min(budget, MAX_BYTES)
    parts: list[bytes] = []
    seen = 0
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            seen += len(chunk)
            if seen > budget:
                raise ValueError("expanded")
            if seen > cap:
                raise ValueError("too_big")
            if seen > CHUNK and seen > ratio * max(info.compress_size, 1):
                raise ValueError("ratio")
            parts.append(chunk)
    return b"".join(parts)


def _member_refusal(archive: str, member: str, code: str) -> Refused:
    name = f"{archive}/{member}"
    if code == "too_big":
        return Refused(name, batch_message("member_too_big", member=member, limit=MAX_MB), 413)
    return Refused(name, batch_message("zip_bomb", member=member, limit=limit_text(code)), 413)


def limit_text(code: str) -> str:
    from planwatch.ingest import LIMITS

    spec = LIMITS[code]
    return f"{spec.show()}（{spec.env}）"


def expand_zip(name: str, data: bytes, out: Expanded) -> None:
    """The members of the archive ``name`` into ``out`` (files, or refusals naming the member)."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        out.refused.append(Refused(name, batch_message("zip_bad", name=name, reason=type(exc).__name__)))
        return
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir() and not any(n in i.filename for n in _NOISE)]
        if len(members) > MAX_MEMBERS:
            reason = batch_message("zip_too_many", name=name, limit=MAX_MEMBERS)
            out.refused.append(Refused(name, reason, 413))
            return
        budget = limit("expanded")
        for info in members:
            member = info.filename
            if _unsafe_path(member):
                reason = batch_message("zip_unsafe", member=member)
                out.refused.append(Refused(f"{name}/{member}", reason, 400))
                continue
            base = safe_name(member)
            try:
                check(base, max(info.file_size, 1))
            except UploadRejected as err:
                if err.status == 413:  # declared too big: a bomb or a huge member, refused unread
                    out.refused.append(_member_refusal(name, member, "too_big"))
                else:
                    out.refused.append(Refused(f"{name}/{member}", err.message, err.status))
                continue
            if info.flag_bits & 0x1:
                out.refused.append(Refused(f"{name}/{member}", batch_message("zip_encrypted", member=member)))
                continue
            if info.file_size > CHUNK and info.file_size > limit("ratio") * max(info.compress_size, 1):
                out.refused.append(_member_refusal(name, member, "ratio"))
                continue
            try:
                content = _read_member(zf, info, budget)
            except ValueError as err:
                out.refused.append(_member_refusal(name, member, str(err)))
                continue
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
                out.refused.append(Refused(f"{name}/{member}",
                                           batch_message("zip_bad", name=member, reason=type(exc).__name__)))
                continue
            budget -= len(content)
            if not content:
                reason = batch_message("member_empty", member=member)
                out.refused.append(Refused(f"{name}/{member}", reason, 400))
                continue
            out.files.append(Incoming(base, content, name))


def expand(sent: Iterable[tuple[str | None, bytes]]) -> Expanded:
    """The files to store from what was sent (archives expanded), and the refused ones with reasons."""
    out = Expanded()
    for filename, data in sent:
        name = safe_name(filename) or (filename or "")
        if is_zip(name) and data:
            if len(data) > MAX_BYTES:
                reason = batch_message("member_too_big", member=name, limit=MAX_MB)
                out.refused.append(Refused(name, reason, 413))
                continue
            expand_zip(name, data, out)
            continue
        try:
            check(filename, len(data))
        except UploadRejected as err:
            out.refused.append(Refused(name or "?", err.message, err.status))
            continue
        out.files.append(Incoming(name, data))
    if len(out.files) > MAX_MEMBERS:
        extra = out.files[MAX_MEMBERS:]
        del out.files[MAX_MEMBERS:]
        out.refused.extend(Refused(f.name, batch_message("too_many", limit=MAX_MEMBERS), 413) for f in extra)
    seen: set[str] = set()
    unique: list[Incoming] = []
    for f in out.files:  # one name, one document: a second file of the same name is refused
        if f.name in seen:
            out.refused.append(Refused(f.name, batch_message("same_name", file=f.name), 400))
            continue
        seen.add(f.name)
        unique.append(f)
    out.files = unique
    return out


def _facts_in_worker(item: tuple[str, bytes]) -> Any:
    """Stages 1-2 on the bytes (in a stoppable worker): the facts, or the error as ``(kind, detail, fmt)``."""
    name, data = item
    try:
        facts = analyse(load_bytes(name, data, source=name)).facts
    except BudgetExceeded as err:
        return ("budget", err.code, err.fmt)
    except PlanWatchError as err:
        return ("unreadable", getattr(err, "reason", str(err)), "")
    except (ValueError, UnicodeError, OSError) as err:
        return ("unreadable", type(err).__name__, "")
    return {
        "region": facts.region or "",
        "year": facts.plans[0] if facts.plans else "",
        "kind": facts.kind,
        "unsure": [u.split(":", 1)[0].strip() for u in facts.unsure],
    }


def preview(files: list[Incoming]) -> list[dict[str, Any]]:
    """What the engine reads of each file: ``{file, archive, region, year, kind, unsure}`` or
    ``{file, error}``."""
    rows: list[dict[str, Any]] = []
    results = run_all(_facts_in_worker, [(f.name, f.data) for f in files])
    for f, result in zip(files, results, strict=True):
        row: dict[str, Any] = {"file": f.name, "archive": f.archive}
        if isinstance(result, dict):
            row.update(result)
        else:
            row["error"] = _rejection(result).message
        rows.append(row)
    return rows
