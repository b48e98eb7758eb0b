"""Tell a file's real format from its first bytes, whatever its suffix says."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_TAGS = re.compile(rb"<(p|div|br|span|table|td|a)\b[^>]*>", re.I)


def sniff(data: bytes) -> str | None:
    """``"pdf"``, ``"docx"``, ``"zip"`` (another zip), ``"ole"`` (legacy Office), ``"html"`` or None."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")[:5] == b"%PDF-" or b"%PDF-" in head:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
    if looks_like_html(data):
        return "html"
    return None


def looks_like_html(data: bytes) -> bool:
    """Markup at the start (BOM and whitespace aside), or markup tags all through the head."""
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    if _MARKUP.match(head):
        return True
    return len(_TAGS.findall(head)) >= 8
