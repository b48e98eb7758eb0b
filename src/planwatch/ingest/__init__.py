"""Ingest: bytes on disk (or uploaded) → :class:`planwatch.model.Document`.

``load(path)`` reads one file, ``load_bytes(name, data)`` reads an upload, ``iter_documents(paths)``
walks files and folders and yields ``(path, Document | IngestError)`` so a batch goes on past a bad
file. Formats: plain text (any common Chinese encoding), saved web pages, PDF with a text layer,
DOCX. The format comes from the suffix, corrected by the content where the suffix lies (a web page
saved as ``.txt``, a PDF named ``.docx``). Every failure is an :class:`IngestError` with a reason
in plain words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from ..model import Document
from .budget import GZIP_MAGIC, check_chars, gunzip
from .docx import DocxError, read_docx_meta
from .encoding import DecodeError, check_text
from .html import read_html
from .limits import LIMITS, BudgetExceeded, limit
from .normalize import analysis_text
from .pdf import PdfError, read_pdf
from .sniff import sniff
from .txt import read_txt

__all__ = [
    "LIMITS", "MAX_BYTES", "SUPPORTED_SUFFIXES", "BudgetExceeded", "IngestError", "iter_documents", "load",
    "load_bytes", "max_bytes",
]

#: Suffixes read, by format.
FORMATS: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMATS)
#: What a reader gives: the text, the encoding it was decoded from (text formats), the page's meta.
Read = tuple[str, str | None, dict[str, str]]


def _txt(data: bytes) -> Read:
    text, encoding = read_txt(data)
    return text, encoding, {}


#: The reader of each format (a new format is one entry here and its suffixes in ``FORMATS``).
def _docx(data: bytes) -> Read:
    text, meta = read_docx_meta(data)
    return text, None, meta


READERS: dict[str, Callable[[bytes], Read]] = {
    "txt": _txt,
    "html": read_html,
    "pdf": lambda data: (read_pdf(data), None, {}),
    "docx": _docx,
}
DEFAULT_MAX_BYTES = LIMITS["bytes"].default
ENV_MAX_BYTES = LIMITS["bytes"].env


def max_bytes() -> int:
    """The size limit in force: ``PLANWATCH_MAX_BYTES`` if set to a positive integer, else 50 MB."""
    return limit("bytes")


#: The size limit when the module was imported (``max_bytes()`` reads the environment anew).
MAX_BYTES = max_bytes()


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 2**20:.1f} MB, the limit is {limit / 2**20:.1f} MB (set {ENV_MAX_BYTES})"


def _one_line(reason: str, limit: int = 300) -> str:
    flat = " ".join(reason.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _format_of(name: str, data: bytes) -> str:
    """The format to read ``data`` as; raises ValueError with the reason when there is none."""
    suffix = Path(name).suffix.lower()
    claimed = FORMATS.get(suffix)
    found = sniff(data)
    if found in ("pdf", "docx", "html"):
        return found
    if found == "ole":
        raise ValueError("unsupported type: a legacy Office file (.doc/.xls) or an encrypted document; "
                         "save it as .docx or PDF")
    if found == "zip":
        raise ValueError("unsupported type: a zip archive that is not a Word document"
                         if claimed != "docx" else "corrupt DOCX: the archive has no word/document.xml")
    if claimed in ("pdf", "docx"):
        what = "PDF" if claimed == "pdf" else "DOCX"
        raise ValueError(f"corrupt {what}: the content is not a {what} file")
    if claimed is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ValueError(f"unsupported type {suffix or '(no suffix)'!r}: PlanWatch reads {supported}")
    return claimed


def _read(name: str, data: bytes, source: str) -> Document:
    if not data:
        raise IngestError(source or name, "empty file")
    limit = max_bytes()
    if len(data) > limit:
        raise IngestError(source or name, _too_large(len(data), limit))
    meta: dict[str, str] = {}
    encoding: str | None = None
    fmt = Path(name).suffix.lstrip(".").lower() or "unknown"
    try:
        if data.startswith(GZIP_MAGIC):  # a gzip-encoded page or report: read what it holds
            data = gunzip(data)
            if name.lower().endswith(".gz"):
                name = name[:-3]
                fmt = Path(name).suffix.lstrip(".").lower() or "unknown"
        fmt = _format_of(name, data)
        text, encoding, meta = READERS[fmt](data)
        check_chars(text, fmt)
        if fmt != "txt":
            check_text(text)
    except BudgetExceeded as exc:
        raise BudgetExceeded(source or name, exc.fmt, exc.code) from exc
    except (DecodeError, PdfError, DocxError, ValueError) as exc:
        raise IngestError(source or name, _one_line(str(exc))) from exc
    except MemoryError as exc:
        raise BudgetExceeded(source or name, fmt, "memory") from exc
    except RecursionError as exc:
        raise IngestError(source or name, f"unreadable {fmt} file: nested too deeply") from exc
    except Exception as exc:  # a parser failed in a way it does not document: still the file's fault
        reason = _one_line(f"unreadable {fmt} file ({type(exc).__name__}: {exc})")
        raise IngestError(source or name, reason) from exc
    return Document(
        name=Path(name).name,
        text=text,
        analysis=analysis_text(text),
        source=source,
        format=fmt,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
    )


def load_bytes(name: str, data: bytes, *, source: str = "") -> Document:
    """Read an uploaded file called ``name``; raises :class:`IngestError`."""
    return _read(name, data, source)


def load(path: str | Path) -> Document:
    """Read the file at ``path``; raises :class:`IngestError`.

    The size is checked before anything is read, so an oversized file is refused at once.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise IngestError(str(p), "is a folder, not a file (use iter_documents)")
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise IngestError(str(p), "no such file") from exc
    except OSError as exc:
        raise IngestError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    limit = max_bytes()
    if size > limit:
        raise IngestError(str(p), _too_large(size, limit))
    if size == 0:
        raise IngestError(str(p), "empty file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    return _read(p.name, data, str(p))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand(
    paths: Iterable[str | Path], recursive: bool = True, *,
    suffixes: Iterable[str] | None = None, unique: bool = False,
) -> Iterator[Path]:
    """Files named in ``paths``, folders expanded in name order (hidden entries and unsupported suffixes
    skipped). A path named that is not a folder is yielded as it is (missing ones too, so that the
    caller reports them); with ``unique``, a file reached twice is yielded once.

    The one folder walker: ``planwatch extract``, ``inspect`` and ``ingest`` all use it.
    """
    wanted = frozenset(suffixes) if suffixes else SUPPORTED_SUFFIXES
    seen: set[Path] = set()
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = p.rglob("*") if recursive else p.glob("*")
            files = sorted(
                f for f in found if f.is_file() and not _hidden(f, p) and f.suffix.lower() in wanted
            )
        else:
            files = [p]
        for f in files:
            if unique:
                key = f.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield f


def iter_documents(
    paths: Iterable[str | Path] | str | Path, recursive: bool = True
) -> Iterator[tuple[Path, Document | IngestError]]:
    """``(path, Document)`` for each readable file, ``(path, IngestError)`` for each bad one."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in expand(paths, recursive):
        try:
            yield path, load(path)
        except IngestError as exc:
            yield path, exc
