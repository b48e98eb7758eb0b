"""PDF files through pypdfium2: the text layer, page by page, laid out like the .txt reports.

Steps: text lines per page with their horizontal extent (from the character boxes); running
headers/footers (a line at the top or bottom of most pages, digits aside) and bare page numbers
are dropped; lines broken at the right margin are joined back into paragraphs — a line is joined
to the next only when it runs to the right margin, does not end a clause (。；：！？…) and the next
line does not start a heading, a list item or an indented paragraph (a line that starts with
closing punctuation is always joined). Where the paragraphs open with an indent (most Chinese
reports), the indent alone marks a new paragraph: a full line is joined even after a full stop,
and a flush full line that looks like a heading (a wrapped "一对一、…") continues. Then whole
lines that are web furniture (a page printed from a browser) are dropped. Pages are joined by a
newline. Not handled: multi-column layouts, table structure (cells come as text), OCR.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium

from .encoding import MIN_PLAUSIBILITY, plausibility
from .limits import limit, over
from .rules import rules

#: A line ending within this many character heights of the right margin runs to the margin.
FULL_LINE_SLACK = 2.0
#: Paragraphs open with an indent when at least this share of the lines is indented.
INDENT_MODE_SHARE = 0.08
#: A text layer with more private-use characters than this share is mojibake.
MAX_PRIVATE_SHARE = 0.05
#: Furniture lines are looked for among this many lines at each end of a page.
EDGE_LINES = 2
#: Fewer visible characters per page than this means the PDF has no real text layer.
MIN_CHARS_PER_PAGE = 5
#: Fewer characters of report text (furniture stripped) per page than this: no real text layer either.
MIN_TEXT_PER_PAGE = 10
_DIGITS = re.compile(r"\d+")
_INDENT = re.compile(r"^[ \u3000\u00a0]{2,}")


class PdfError(ValueError):
    """The PDF cannot be read; the message is the plain-words reason."""


@dataclass
class Line:
    """One text line of a page and its horizontal extent in points."""

    text: str
    left: float = 0.0
    right: float = 0.0
    height: float = 0.0


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-1024:]:
        raise PdfError("truncated PDF: the file ends before its end-of-file marker")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise PdfError("encrypted PDF: it needs a password to open") from exc
        raise PdfError(f"damaged PDF: {exc}") from exc


def _chars(tp: pdfium.PdfTextPage) -> list[tuple[str, int]]:
    """The characters of a text page with their char index (characters without Unicode dropped)."""
    get = pdfium.raw.FPDFText_GetUnicode
    out: list[tuple[str, int]] = []
    high = 0
    for i in range(tp.count_chars()):
        u = get(tp.raw, i)
        if 0xD800 <= u <= 0xDBFF:
            high = u
            continue
        if 0xDC00 <= u <= 0xDFFF:
            if high:
                out.append((chr(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00)), i))
            high = 0
            continue
        high = 0
        if u and u != 0xFFFE:
            out.append((chr(u), i))
    return out


def _page_lines(tp: pdfium.PdfTextPage) -> list[Line]:
    lines: list[Line] = []
    current: list[tuple[str, int]] = []

    def close() -> None:
        text = "".join(c for c, _ in current)
        line = Line(text)
        boxes = [tp.get_charbox(i) for c, i in current if not c.isspace()]
        if boxes:
            line.left = min(b[0] for b in boxes)
            line.right = max(b[2] for b in boxes)
            line.height = sorted(b[3] - b[1] for b in boxes)[len(boxes) // 2]
        lines.append(line)
        current.clear()

    for ch, i in _chars(tp):
        if ch == "\r":
            continue
        if ch == "\n":
            close()
        else:
            current.append((ch, i))
    close()
    return lines


def page_lines(data: bytes) -> list[list[Line]]:
    """The text lines of each page; raises :class:`PdfError`."""
    doc = _open(data)
    try:
        if len(doc) > limit("pages"):
            raise over("pdf", "pages")
        objects_cap, chars_cap = limit("objects"), limit("chars")
        chars = 0
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            if pdfium.raw.FPDFPage_CountObjects(page.raw) > objects_cap:
                raise over("pdf", "objects")
            tp = page.get_textpage()
            chars += tp.count_chars()
            if chars > chars_cap:
                raise over("pdf", "chars")
            pages.append(_page_lines(tp))
            tp.close()
            page.close()
        return pages
    except pdfium.PdfiumError as exc:
        raise PdfError(f"damaged PDF: {exc}") from exc
    finally:
        doc.close()


def _key(line: Line) -> str:
    return _DIGITS.sub("#", "".join(line.text.split()))


def _furniture_keys(pages: list[list[Line]]) -> set[str]:
    """Lines (digits masked) found at the top or bottom of at least half the pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.text.strip()]
        seen.update({_key(ln) for ln in body[:EDGE_LINES] + body[-EDGE_LINES:]})
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in seen.items() if n >= need}


def strip_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop running headers/footers and page numbers from the edges of each page."""
    r = rules()
    keys = _furniture_keys(pages)
    out = []
    for lines in pages:
        body = [ln for ln in lines if ln.text.strip()]
        n = len(body)
        out.append([
            ln for i, ln in enumerate(body)
            if not ((i < EDGE_LINES or i >= n - EDGE_LINES)
                    and (_key(ln) in keys or r.is_page_number(ln.text)))
        ])
    return out


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else 0.0


def join_lines(lines: list[Line]) -> str:
    """Join lines broken at the right margin back into paragraphs (headings stay alone)."""
    r = rules()
    measured = [ln for ln in lines if ln.height > 0 and len(ln.text.strip()) > 1]
    margin_l = _percentile([ln.left for ln in measured], 0.1)
    margin_r = _percentile([ln.right for ln in measured], 0.9)
    shapes = [_shape(ln, margin_l, margin_r) for ln in lines]
    # Where paragraphs open with an indent, a full line ending a sentence still continues.
    indent_mode = sum(ind for _, ind, _ in shapes) >= INDENT_MODE_SHARE * max(1, len(measured))
    out: list[str] = []
    joinable = False
    for text, indented, full in shapes:
        if not text:
            joinable = False
            continue
        # With indented paragraphs, a flush line that runs to the margin continues the paragraph
        # even when it looks like a heading (a wrapped "一对一、…"); flush layouts trust the heading.
        heading = r.starts_heading(text) and not (indent_mode and full)
        new_para = indented or heading
        if out and (r.starts_with_closer(text) or (joinable and not new_para)):
            out[-1] += text
        else:
            out.append(text)
        joinable = full and (indent_mode or not r.ends_clause(out[-1]))
    return "\n".join(out)


def _shape(ln: Line, margin_l: float, margin_r: float) -> tuple[str, bool, bool]:
    """``(text, indented, full)``: the stripped text, whether it opens indented, runs to the margin."""
    text = ln.text.strip()
    if ln.height <= 0:
        return text, bool(_INDENT.match(ln.text)), False
    size = ln.height
    gap_l, gap_r = ln.left - margin_l, margin_r - ln.right
    centred = min(gap_l, gap_r) > 1.5 * size and abs(gap_l - gap_r) <= 1.5 * size
    indented = bool(_INDENT.match(ln.text)) or (gap_l > 1.2 * size and not centred)
    return text, indented, gap_r <= FULL_LINE_SLACK * size


def unreadable(text: str) -> bool:
    """Whether a text layer is mojibake: private-use code points, or CJK that is mostly rare forms."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    private = sum(1 for c in visible if "\ue000" <= c <= "\uf8ff" or c == "\ufffd")
    return private > MAX_PRIVATE_SHARE * len(visible) or plausibility(text) < MIN_PLAUSIBILITY


def read_pdf(data: bytes) -> str:
    """The canonical text of a PDF; raises :class:`PdfError`."""
    pages = page_lines(data)
    if not pages:
        raise PdfError("empty PDF: it has no pages")
    visible = sum(len("".join(ln.text.split())) for page in pages for ln in page)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise PdfError("no text layer; OCR not supported (scanned PDF?)")
    flat = [ln for page in strip_furniture(pages) for ln in page]
    r = rules()
    # Web furniture (a page printed from a browser) is judged on whole paragraphs, after joining,
    # so that a wrapped fragment of a paragraph is never taken for it.
    text = "\n".join(ln for ln in join_lines(flat).split("\n") if not r.is_furniture(ln))
    if unreadable(text):
        raise PdfError("unreadable text layer (fonts without a Unicode map); OCR not supported")
    if len("".join(text.split())) < MIN_TEXT_PER_PAGE * len(pages):
        raise PdfError("no text layer; OCR not supported (only page furniture has text)")
    return text
