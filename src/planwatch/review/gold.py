"""Corrections become gold: the corrected statements of fully reviewed documents as contract JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planwatch.review.service import document_review
from planwatch.store import repository as repo


@dataclass(frozen=True)
class GoldDocument:
    name: str
    sha: str
    records: list[dict[str, Any]]


@dataclass(frozen=True)
class Skipped:
    name: str
    reviewed: int
    total: int


def gold_documents(session: Session, region: str | None) -> Iterator[GoldDocument | Skipped]:
    """Each current document of ``region`` (and the regions within it): its gold, or why it has none.

    A document is fully reviewed when a person has decided on every machine statement
    of it (confirmed, edited or deleted). Records are in span order, one per span.
    """
    for d in repo.list_documents(session, region=region, within=True):
        review = document_review(session, d.sha256, persist=True)
        if review is None:
            continue
        if not review.complete:
            yield Skipped(d.name, review.reviewed, review.total)
            continue
        seen: set[tuple[int, int]] = set()
        records: list[dict[str, Any]] = []
        for item in sorted(review.items, key=lambda i: (i.statement.start, i.statement.end)):
            span = (item.statement.start, item.statement.end)
            if span in seen:
                continue
            seen.add(span)
            rec = item.statement.to_record()
            rec["doc"] = d.name
            records.append(rec)
        yield GoldDocument(d.name, d.sha256, records)


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
