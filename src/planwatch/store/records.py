"""Conversions between the shared data model and the store's rows.

Ids are derived from content (:func:`statement_id`, :func:`judgement_id`), never
drawn at random, so two ingests of the same files give the same rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from planwatch.model import (
    Document,
    DocumentFacts,
    Section,
    Span,
    Statement,
    Structure,
)
from planwatch.store.schema import DocumentRow, DocumentText, SectionRow, StatementRow


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


def statement_id(doc_sha: str, start: int, end: int, n: int = 0) -> str:
    """The id of the ``n``-th statement (0-based) of a document with the span ``[start, end)``."""
    return _digest("s", doc_sha, start, end, n)


def judgement_id(region: str | None, doc: str, start: int, end: int, n: int = 0) -> str:
    return _digest("j", region or "", doc, start, end, n)


def text_sha256(text: str) -> str:
    """The key of a document that was not read from a file."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def statement_rows(doc_sha: str, statements: Iterable[Statement]) -> list[dict[str, Any]]:
    """Rows of the ``statements`` table, with ids stable across ingests."""
    seen: Counter[tuple[int, int]] = Counter()
    rows: list[dict[str, Any]] = []
    for s in statements:
        n = seen[(s.start, s.end)]
        seen[(s.start, s.end)] += 1
        rows.append({
            "id": statement_id(doc_sha, s.start, s.end, n), "doc_sha": doc_sha, "doc": s.doc,
            "start": s.start, "end": s.end, "text": s.text, "indicator": s.indicator,
            "canonical": s.canonical, "value": float(s.value), "unit": s.unit,
            "comparator": s.comparator, "kind": s.kind, "measure": s.measure,
            "direction": s.direction, "period": s.period, "doubts": list(s.doubts),
            "sentence_start": s.sentence.start if s.sentence else None,
            "sentence_end": s.sentence.end if s.sentence else None,
        })
    return rows


def statement_from_row(row: StatementRow) -> Statement:
    sentence = None
    if row.sentence_start is not None and row.sentence_end is not None:
        sentence = Span(row.sentence_start, row.sentence_end)
    return Statement(
        doc=row.doc, start=row.start, end=row.end, text=row.text, indicator=row.indicator,
        canonical=row.canonical, value=row.value, unit=row.unit,
        comparator=row.comparator,  # type: ignore[arg-type]
        kind=row.kind,  # type: ignore[arg-type]
        measure=row.measure,  # type: ignore[arg-type]
        direction=row.direction,  # type: ignore[arg-type]
        period=row.period, doubts=tuple(row.doubts or ()), sentence=sentence,
    )


def section_rows(doc_sha: str, sections: Iterable[Section]) -> list[dict[str, Any]]:
    return [
        {
            "doc_sha": doc_sha, "idx": i, "start": s.start, "end": s.end,
            "heading_start": s.heading.start, "heading_end": s.heading.end, "title": s.title,
            "level": s.level, "label": s.label, "periods": list(s.periods), "parent": s.parent,
        }
        for i, s in enumerate(sections)
    ]


def section_from_row(row: SectionRow) -> Section:
    return Section(
        start=row.start, end=row.end, heading=Span(row.heading_start, row.heading_end),
        title=row.title, level=row.level, label=row.label,  # type: ignore[arg-type]
        periods=tuple(row.periods or ()), parent=row.parent,
    )


def structure_fields(structure: Structure) -> dict[str, Any]:
    """The columns of ``documents`` that come from the structure stage."""
    f = structure.facts
    return {
        "region": f.region, "kind": f.kind, "delivered": f.delivered, "published": f.published,
        "reviews": list(f.reviews), "plans": list(f.plans), "unsure": list(f.unsure),
        "body_start": structure.body.start if structure.body else None,
        "body_end": structure.body.end if structure.body else None,
        "furniture": [[s.start, s.end] for s in structure.furniture],
    }


def document_fields(doc: Document) -> dict[str, Any]:
    """The columns of ``documents`` that come from the ingest stage (not the key, not the version)."""
    return {
        "name": doc.name, "source": doc.source, "format": doc.format, "encoding": doc.encoding,
        "meta": dict(sorted(doc.meta.items())), "length": len(doc.text),
    }


def facts_from_row(row: DocumentRow) -> DocumentFacts:
    return DocumentFacts(
        doc=row.name, region=row.region, kind=row.kind,  # type: ignore[arg-type]
        delivered=row.delivered, published=row.published,
        reviews=tuple(row.reviews or ()), plans=tuple(row.plans or ()),
        unsure=tuple(row.unsure or ()),
    )


def structure_from_rows(row: DocumentRow, sections: Iterable[SectionRow]) -> Structure:
    body = None
    if row.body_start is not None and row.body_end is not None:
        body = Span(row.body_start, row.body_end)
    return Structure(
        facts=facts_from_row(row),
        sections=tuple(section_from_row(s) for s in sections),
        furniture=tuple(Span(int(a), int(b)) for a, b in (row.furniture or ())),
        body=body,
    )


def document_from_rows(row: DocumentRow, text: DocumentText) -> Document:
    return Document(
        name=row.name, text=text.text,
        analysis=text.analysis if text.analysis is not None else text.text,
        source=row.source, format=row.format, encoding=row.encoding, sha256=row.sha256,
        meta=dict(row.meta or {}),
    )
