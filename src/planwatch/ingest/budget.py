"""Checks of a file against the budgets before a parser builds anything big from it.

Each check streams: archives are inflated chunk by chunk up to the expanded budget, markup is
counted by a pull parser that frees each element once closed. Memory stays flat whatever the
file claims or holds.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

from lxml import etree

from .limits import BudgetExceeded, limit, over

CHUNK = 1 << 20
FEED = 1 << 16
_START_TAG = re.compile(rb"<[A-Za-z]")
GZIP_MAGIC = b"\x1f\x8b"


def check_zip(zf: zipfile.ZipFile, fmt: str = "docx") -> None:
    """Refuse an archive whose members (as declared) expand past the budgets."""
    cap, ratio = limit("expanded"), limit("ratio")
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > cap or total > cap:
            raise over(fmt, "expanded")
        if info.file_size > CHUNK and info.file_size > ratio * max(info.compress_size, 1):
            raise over(fmt, "ratio")


def stream_member(zf: zipfile.ZipFile, name: str, fmt: str = "docx") -> Iterator[bytes]:
    """The member's bytes chunk by chunk, stopping at the expanded budget whatever its header says."""
    cap = limit("expanded")
    seen = 0
    with zf.open(name) as f:
        while chunk := f.read(CHUNK):
            seen += len(chunk)
            if seen > cap:
                raise over(fmt, "expanded")
            yield chunk


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_capped(stream: Readable, fmt: str, packed: int) -> bytes:
    """All of a decompressing stream, refused past the expanded budget or the compression ratio."""
    cap, ratio = limit("expanded"), limit("ratio")
    parts: list[bytes] = []
    seen = 0
    while chunk := stream.read(CHUNK):
        seen += len(chunk)
        if seen > cap:
            raise over(fmt, "expanded")
        if seen > CHUNK and seen > ratio * max(packed, 1):
            raise over(fmt, "ratio")
        parts.append(chunk)
    return b"".join(parts)


def gunzip(data: bytes) -> bytes:
    """The content of gzip-encoded bytes, within the budgets; ValueError when the gzip is corrupt."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            return read_capped(f, "gzip", len(data))
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError("corrupt gzip data") from exc


def count_markup(
    chunks: Iterable[bytes], fmt: str, *, html: bool = False, text_tags: tuple[str, ...] = ()
) -> int:
    """Elements of a markup stream, refused past the node, depth and character budgets.

    ``text_tags`` (local names) are the elements whose text counts as the document's characters
    (``t`` in WordprocessingML); with none, all text counts. Returns the number of elements.
    """
    nodes_cap, depth_cap, chars_cap = limit("nodes"), limit("depth"), limit("chars")
    parser: etree.HTMLPullParser | etree.XMLPullParser
    if html:
        parser = etree.HTMLPullParser(events=("start", "end"), recover=True, no_network=True)
    else:
        parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True,
                                     huge_tree=False, load_dtd=False)
    nodes = depth = chars = 0
    for chunk in chunks:
        for i in range(0, len(chunk), FEED):
            try:
                parser.feed(chunk[i : i + FEED])
            except etree.XMLSyntaxError as exc:
                if "depth" in str(exc).lower():  # libxml2's own nesting limit came first
                    raise over(fmt, "depth") from exc
                return nodes  # malformed: the real parser reports it in its own words
            for event, el in parser.read_events():
                if event == "start":
                    nodes += 1
                    depth += 1
                    if nodes > nodes_cap:
                        raise over(fmt, "nodes")
                    if depth > depth_cap:
                        raise over(fmt, "depth")
                    continue
                depth -= 1
                tag = el.tag if isinstance(el.tag, str) else ""
                if not text_tags or tag.rsplit("}", 1)[-1] in text_tags:
                    chars += len(el.text or "")
                if not text_tags:
                    chars += len(el.tail or "")
                if chars > chars_cap:
                    raise over(fmt, "chars")
                el.clear()
                parent = el.getparent()
                if parent is not None:  # drop the finished siblings too: memory stays flat
                    while el.getprevious() is not None:
                        del parent[0]
    with contextlib.suppress(etree.XMLSyntaxError):  # the real parser reports it in its own words
        parser.close()
    return nodes


def count_tags(data: bytes, fmt: str) -> None:
    """Refuse markup with more start tags than the node budget, counted without parsing (fast)."""
    cap = limit("nodes")
    for n, _ in enumerate(_START_TAG.finditer(data), 1):
        if n > cap:
            raise over(fmt, "nodes")


def check_chars(text: str, fmt: str) -> None:
    """Refuse extracted text past the character budget."""
    if len(text) > limit("chars"):
        raise over(fmt, "chars")


__all__ = ["GZIP_MAGIC", "BudgetExceeded", "check_chars", "check_zip", "count_markup", "gunzip",
           "read_capped", "stream_member"]
