"""Hostile files built in the test: small on disk, huge once expanded or parsed.

Each is written by streaming, so building one never holds the expanded content in memory.
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
PARAGRAPH = f"<w:p><w:r><w:t>{'全年地区生产总值增长百分之六点五，城镇新增就业一万人。' * 3}</w:t></w:r></w:p>"
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
TAIL = "</w:body></w:document>"


def _docx(path: Path, body_chunks: object, *, level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(HEAD.encode())
            for chunk in body_chunks:  # type: ignore[attr-defined]
                f.write(chunk)
            f.write(TAIL.encode())
    return path


def docx_bomb(path: Path, expanded: int = 2**30) -> Path:
    """A DOCX whose document.xml inflates to ``expanded`` bytes of ordinary paragraphs."""
    block = (PARAGRAPH * (2**20 // len(PARAGRAPH.encode()))).encode()
    return _docx(path, (block for _ in range(expanded // len(block))))


def docx_text_bomb(path: Path, expanded: int = 100 * 2**20) -> Path:
    """A DOCX inside every size budget but with ~``expanded`` bytes of text (millions of characters)."""
    big = f"<w:p><w:r><w:t>{'城镇新增就业一万人。' * 3000}</w:t></w:r></w:p>".encode()
    return _docx(path, (big for _ in range(expanded // len(big))))


def docx_deep(path: Path, depth: int = 100_000) -> Path:
    """A DOCX whose document.xml nests ``depth`` elements inside each other."""
    return _docx(path, iter([b"<w:sdt>" * depth, b"</w:sdt>" * depth]))


def markup_html(path: Path, size: int = 50_000_000) -> Path:
    """A page of ``size`` bytes of markup with one sentence of text."""
    unit = b"<div><span class=x></span></div>"
    with path.open("wb") as f:
        f.write("<html><head><title>标记</title></head><body><p>全年地区生产总值增长6.5%。</p>".encode())
        for _ in range(size // len(unit) // 1000):
            f.write(unit * 1000)
        f.write(b"</body></html>")
    return path


def gzip_bomb(size: int = 2**30) -> bytes:
    """gzip-encoded bytes that inflate to ``size`` bytes of a page."""
    import io

    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as f:
        f.write(b"<html><body><p>")
        block = b"\x20" * 2**20
        for _ in range(size // len(block)):
            f.write(block)
    return out.getvalue()


def _pdf(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def nested_pdf(depth: int = 200_000) -> bytes:
    """A one-page PDF whose page dictionary holds arrays nested ``depth`` deep."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /X "
        + b"[" * depth + b"]" * depth + b" >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ])


def pages_pdf(count: int = 100_000) -> bytes:
    """A PDF of ``count`` empty pages sharing one content stream (a few MB on disk)."""
    kids = b" ".join(b"%d 0 R" % (i + 4) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * count
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Length 0 >>\nstream\n\nendstream",
        *pages,
    ])
