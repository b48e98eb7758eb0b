"""Contract records in and out: statement/document JSONL → model objects, judgements → tracking records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError
from planwatch.model import DocumentFacts, Judgement, Statement

#: Fields of a tracking record (tracking.md), then the reason.
TRACK_FIELDS = ("doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status")
EVIDENCE_FIELDS = ("doc", "start", "end", "text", "value", "period", "kind")


def statement_from_record(rec: Mapping[str, Any]) -> Statement:
    """A :class:`Statement` from a contract record (statements.md)."""
    return Statement(
        doc=rec["doc"], start=int(rec["start"]), end=int(rec["end"]), text=rec["text"],
        indicator=rec.get("indicator") or "", canonical=rec.get("canonical"),
        value=float(rec["value"]), unit=rec.get("unit") or "", comparator=rec.get("comparator", "="),
        kind=rec["kind"], measure=rec.get("measure", "level"), direction=rec.get("direction", "none"),
        period=str(rec.get("period") or ""), doubts=tuple(rec.get("doubts") or ()),
    )


def facts_from_record(rec: Mapping[str, Any]) -> DocumentFacts:
    """A :class:`DocumentFacts` from a documents.md record."""
    return DocumentFacts(
        doc=rec["doc"], region=rec.get("region"), kind=rec.get("kind", "other"),
        delivered=rec.get("delivered"), published=rec.get("published"),
        reviews=tuple(rec.get("reviews") or ()), plans=tuple(rec.get("plans") or ()),
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSONL file; errors name the file and line."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise PlanWatchError(f"{path}: {e.strerror or e}") from e
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise PlanWatchError(f"{path}:{n}: not JSON ({e.msg})") from e
    return out


def load_pairs(
    statement_files: Iterable[Path], documents_file: Path
) -> list[tuple[Statement, DocumentFacts]]:
    """Statements of the given JSONL files paired with their document's facts."""
    facts = {r["doc"]: facts_from_record(r) for r in read_jsonl(documents_file)}
    pairs = []
    for path in statement_files:
        for rec in read_jsonl(path):
            f = facts.get(rec["doc"])
            if f is None:
                raise PlanWatchError(f"{path}: document {rec['doc']} is not in {documents_file}")
            pairs.append((statement_from_record(rec), f))
    return pairs


def _number(v: float) -> float | int:
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else v


def judgement_record(j: Judgement, *, superseded: bool = False) -> dict[str, Any]:
    """The tracking.md record of ``j`` plus its ``reason``; superseded evidence only on request."""
    t = j.target
    rec: dict[str, Any] = {
        "doc": t.doc, "start": t.start, "end": t.end, "text": t.text, "indicator": t.indicator,
        "canonical": t.canonical, "region": j.region, "period": t.period, "status": j.status,
    }
    rec["evidence"] = [
        {
            "doc": e.statement.doc, "start": e.statement.start, "end": e.statement.end,
            "text": e.statement.text, "value": _number(e.statement.value),
            "period": e.statement.period, "kind": e.statement.kind,
        }
        for e in j.evidence
        if superseded or e.role != "superseded"
    ]
    rec["reason"] = j.reason
    return rec
