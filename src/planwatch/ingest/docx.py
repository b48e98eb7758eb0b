"""Word documents (.docx) through python-docx.

The body is read in document order: each paragraph is a line; each table is written row by row,
its cells joined by a tab (a merged cell counted once). Empty paragraphs are dropped, so the
layout is one paragraph or heading per line, like the .txt reports.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .budget import check_chars, check_zip, count_markup, stream_member
from .limits import limit, over

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocxError(ValueError):
    """The file is not a readable Word document; the message is the plain-words reason."""


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _verify(zf: zipfile.ZipFile) -> None:
    """Inflate every member as a stream (CRC checked), the total within the expanded budget."""
    cap = limit("expanded")
    total = 0
    for info in zf.infolist():
        try:
            for chunk in stream_member(zf, info.filename):
                total += len(chunk)
                if total > cap:
                    raise over("docx", "expanded")
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError) as exc:
            raise DocxError(f"corrupt DOCX: damaged part {info.filename}") from exc


def read_docx(data: bytes) -> str:
    """The canonical text of a .docx file (see :func:`read_docx_meta`)."""
    return read_docx_meta(data)[0]


def read_docx_meta(data: bytes) -> tuple[str, dict[str, str]]:
    """The canonical text of a .docx file and its meta (``title``: the core properties' title, when
    set); raises :class:`DocxError` or :class:`BudgetExceeded`.

    The archive is checked against the budgets (declared and real expanded sizes, compression
    ratio, elements, depth and characters of ``word/document.xml``) before python-docx builds it.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = zf.namelist()
            check_zip(zf, "docx")
            if "word/document.xml" not in names:
                raise DocxError("not a Word document: the archive has no word/document.xml")
            _verify(zf)
            count_markup(stream_member(zf, "word/document.xml"), "docx", text_tags=("t",))
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError) as exc:
        raise DocxError("corrupt DOCX: not a valid zip archive") from exc
    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, etree.XMLSyntaxError, ValueError, zipfile.BadZipFile) as exc:
        raise DocxError(f"corrupt DOCX: {exc}") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            text = Paragraph(child, document).text.strip()
            if text:
                lines.append(text)
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(Table(child, document)))
    text = "\n".join(lines)
    check_chars(text, "docx")
    meta: dict[str, str] = {}
    try:
        title = " ".join((document.core_properties.title or "").split())
    except (KeyError, ValueError, etree.XMLSyntaxError):  # damaged core properties: no title
        title = ""
    if title:
        meta["title"] = title
    return text, meta
