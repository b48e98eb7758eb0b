"""Documents as readers name them, and the sentences verdicts quote: read at query time, not stored.

- :func:`titles`: each document's title and date. The title is the head's title lines, else the
  page's or file's own title (ingest meta), else one composed from its facts (``labels.yaml``
  ``quote.composed_title``: 深圳市宝安区2023年政府工作报告), else the file name; the date is the day it
  was delivered, else the day it was published. ``title_from`` says which (``text``, ``meta``,
  ``facts``, ``file``).
- :func:`sentences`: the sentence holding each figure (:func:`planwatch.records.sentence_bounds`),
  from the document's text and the statement's sentence span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.extract.indicators import namer
from planwatch.model import Span
from planwatch.records import SENTENCE_REACH, sentence_bounds
from planwatch.serve.labels import label, labels
from planwatch.store.schema import DocumentRow, DocumentText, StatementRow
from planwatch.structure.facts import TITLE_WINDOW, title_of
from planwatch.structure.rules import rules


@dataclass(frozen=True)
class Named:
    """How a document is named: its title (and where it comes from) and its date."""

    title: str
    title_from: str  # text | meta | facts | file
    date: str | None


@lru_cache(maxsize=4096)
def _read_title(sha: str, head: str, body_start: int | None, meta_title: str) -> tuple[str, str] | None:
    del sha  # the cache key: a document's text never changes under its hash
    found = title_of(head, body_start, {"title": meta_title} if meta_title else {}, rules())
    if found is None:
        return None
    from_text = title_of(head, body_start, {}, rules()) is not None
    return found, "text" if from_text else "meta"


def composed_title(region: str | None, kind: str, plans: Iterable[Any], reviews: Iterable[Any]) -> str | None:
    """A title made of the facts, for a text that gives none: region, year and kind of report."""
    years = [str(p) for p in (*plans, *reviews) if str(p).isdigit()]
    if not region or not years or kind == "other":
        return None
    shape = str(labels()["quote"]["composed_title"])
    return shape.format(region=region, year=years[0], kind=label("doc_kind", kind))


def named(row: DocumentRow, head: str) -> Named:
    """The title and date of the document ``row`` whose text starts with ``head``."""
    meta = row.meta or {}
    meta_title = str(meta.get("title") or "") if isinstance(meta, dict) else ""
    found = _read_title(row.sha256, head[:TITLE_WINDOW], row.body_start, meta_title)
    date = row.delivered or row.published
    if found is not None:
        return Named(found[0], found[1], date)
    made = composed_title(row.region, row.kind, row.plans or (), row.reviews or ())
    if made is not None:
        return Named(made, "facts", date)
    return Named(row.name, "file", date)


def heads(session: Session, shas: Iterable[str]) -> dict[str, str]:
    """The start of each document's text (as much as a title is looked for in)."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    rows = session.execute(
        select(DocumentText.sha256, func.substr(DocumentText.text, 1, TITLE_WINDOW))
        .where(DocumentText.sha256.in_(wanted))
    )
    return {sha: head or "" for sha, head in rows}


def titles(session: Session, rows: Iterable[DocumentRow]) -> dict[str, Named]:
    """:func:`named` for each document row, by hash."""
    rows = list(rows)
    start = heads(session, (r.sha256 for r in rows))
    return {r.sha256: named(r, start.get(r.sha256, "")) for r in rows}


def titles_of(session: Session, shas: Iterable[str]) -> dict[str, Named]:
    """:func:`named` for each of the documents ``shas``."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    return titles(session, session.scalars(select(DocumentRow).where(DocumentRow.sha256.in_(wanted))))


#: How far around a figure its sentence may reach (the extractor looks as far: ``MAX_SENTENCE``), plus
#: the mark that closes it.
REACH = SENTENCE_REACH + 1


@dataclass(frozen=True)
class Window:
    """Part of a document's text: ``text`` starts at offset ``at``."""

    at: int
    text: str


def windows(session: Session, figures: Iterable[tuple[str | None, int, int]]) -> dict[str, Window]:
    """For each document, the part of its text around all the ``(sha, start, end)`` figures asked about
    (one ``substr`` a document: a page of verdicts reads a few kilobytes, not whole reports)."""
    bounds: dict[str, tuple[int, int]] = {}
    for sha, start, end in figures:
        if sha:
            lo, hi = bounds.get(sha, (start, end))
            bounds[sha] = (min(lo, start), max(hi, end))
    out: dict[str, Window] = {}
    for sha, (lo, hi) in sorted(bounds.items()):
        at = max(0, lo - REACH)
        part = session.scalar(
            select(func.substr(DocumentText.text, at + 1, hi + REACH - at)).where(DocumentText.sha256 == sha)
        )
        if part is not None:
            out[sha] = Window(at, part)
    return out


def sentence_spans(session: Session, statement_ids: Iterable[str]) -> dict[str, Span]:
    """The extractor's sentence span of each stored statement that has one."""
    wanted = sorted({i for i in statement_ids if i})
    if not wanted:
        return {}
    rows = session.execute(
        select(StatementRow.id, StatementRow.sentence_start, StatementRow.sentence_end)
        .where(StatementRow.id.in_(wanted))
    )
    return {i: Span(a, b) for i, a, b in rows if a is not None and b is not None and a <= b}


def quote(window: Window | None, start: int, end: int, span: Span | None) -> tuple[str | None, int | None]:
    """The sentence holding ``[start, end)`` and where it starts in its document (None, None without
    the text), read in ``window`` (a part of the document holding the figure and its reach)."""
    if window is None or start > end or start < window.at or end > window.at + len(window.text):
        return None, None
    at = window.at
    local = None
    if span is not None and span.start >= at and span.end <= at + len(window.text):
        local = Span(span.start - at, span.end - at)
    lo, hi = sentence_bounds(window.text, start - at, end - at, local, namer().sentence_break)
    return window.text[lo:hi], lo + at


def quoted(
    texts: Mapping[str, Window], spans: Mapping[str, Span], sha: str | None, statement_id: str | None,
    start: int, end: int,
) -> tuple[str | None, int | None]:
    """:func:`quote` for a figure of the document ``sha`` (its statement's sentence span if known)."""
    return quote(texts.get(sha or ""), start, end, spans.get(statement_id or ""))
