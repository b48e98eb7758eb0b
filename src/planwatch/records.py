"""Contract records (shared/spec) in and out: JSONL files, and record ⇄ model.

The one home of the formats' plumbing:

- :func:`iter_jsonl` / :func:`read_jsonl` read a JSONL file (blank lines skipped; an error names
  the file and the line), :func:`write_jsonl` writes one record a line;
- :func:`statement_from_record` (statements.md), :func:`facts_from_record` (documents.md) and
  :func:`judgement_from_record` (tracking.md) build model objects from records;
  ``Statement.to_record()``, ``DocumentFacts.to_record()`` and :func:`judgement_record` go back
  (:func:`statement_json` also keeps a statement's doubts and sentence, as the store does).

Reading is lenient the same way everywhere: a record written by hand or by an older version may
leave out the fields that have a natural default (see :data:`STATEMENT_DEFAULTS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from planwatch.errors import PlanWatchError
from planwatch.model import DocumentFacts, Evidence, Judgement, Span, Statement

#: Fields of a tracking record (tracking.md), then the reason.
TRACK_FIELDS = ("doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status")
EVIDENCE_FIELDS = ("doc", "start", "end", "text", "value", "period", "kind")

#: The value a statement record's field takes when it is left out.
STATEMENT_DEFAULTS: dict[str, Any] = {
    "indicator": "", "unit": "", "comparator": "=", "measure": "level", "direction": "none", "period": "",
}


def iter_jsonl(path: Path, *, missing_ok: bool = False) -> Iterator[dict[str, Any]]:
    """Each JSON object of a JSONL file, read as a stream; errors name the file and the line.

    With ``missing_ok`` a file that does not exist holds no records.
    """
    try:
        f = path.open(encoding="utf-8")
    except FileNotFoundError as e:
        if missing_ok:
            return
        raise PlanWatchError(f"{path}: {e.strerror or e}") from e
    except OSError as e:
        raise PlanWatchError(f"{path}: {e.strerror or e}") from e
    with f:
        try:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as e:
                        raise PlanWatchError(f"{path}:{n}: not JSON ({e.msg})") from e
        except UnicodeDecodeError as e:
            raise PlanWatchError(f"{path}: not UTF-8 text ({e.reason})") from e


def read_jsonl(path: Path, *, missing_ok: bool = False) -> list[dict[str, Any]]:
    """Every JSON object of a JSONL file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path, missing_ok=missing_ok))


def write_jsonl(records: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    """One record a line, as UTF-8 JSON (not ASCII-escaped)."""
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def statement_from_record(rec: Mapping[str, Any], doc: str | None = None) -> Statement:
    """A :class:`Statement` from a statements.md record, in document ``doc`` if given.

    ``doc``, ``start``, ``end``, ``text``, ``value`` and ``kind`` are required; the others
    take :data:`STATEMENT_DEFAULTS`. The ``doubts`` and ``sentence`` of :func:`statement_json`
    are read when present.
    """
    d = STATEMENT_DEFAULTS
    sentence = rec.get("sentence")
    return Statement(
        doc=doc or str(rec["doc"]), start=int(rec["start"]), end=int(rec["end"]), text=str(rec["text"]),
        indicator=str(rec.get("indicator") or d["indicator"]), canonical=rec.get("canonical"),
        value=float(rec["value"]), unit=str(rec.get("unit") or d["unit"]),
        comparator=rec.get("comparator", d["comparator"]), kind=rec["kind"],
        measure=rec.get("measure", d["measure"]), direction=rec.get("direction", d["direction"]),
        period=str(rec.get("period") or d["period"]), doubts=tuple(rec.get("doubts") or ()),
        sentence=Span(int(sentence[0]), int(sentence[1])) if sentence else None,
    )


def statement_json(s: Statement) -> dict[str, Any]:
    """A statement as JSON with nothing left out: the contract record, its doubts and its sentence."""
    rec = s.to_record()
    rec["doubts"] = list(s.doubts)
    rec["sentence"] = None if s.sentence is None else [s.sentence.start, s.sentence.end]
    return rec


def facts_from_record(rec: Mapping[str, Any], doc: str | None = None) -> DocumentFacts:
    """A :class:`DocumentFacts` from a documents.md record, for document ``doc`` if given."""
    return DocumentFacts(
        doc=doc or rec["doc"], region=rec.get("region"), kind=rec.get("kind", "other"),
        delivered=rec.get("delivered"), published=rec.get("published"),
        reviews=tuple(rec.get("reviews") or ()), plans=tuple(rec.get("plans") or ()),
    )


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


def judgement_from_record(
    rec: Mapping[str, Any], statements: Mapping[tuple[str, int, int], Statement]
) -> Judgement:
    """A tracking.md record as a :class:`Judgement`, reusing ``statements`` where the spans match.

    A target or evidence not among ``statements`` is rebuilt from the record: a target rising
    (``direction`` ``up``) unless the record says otherwise; evidence with the target's indicator,
    unit and measure.
    """
    target = statements.get((rec["doc"], rec["start"], rec["end"])) or statement_from_record(
        {**rec, "value": rec.get("value", 0), "kind": "target", "direction": rec.get("direction", "up")}
    )
    evidence = []
    for e in rec.get("evidence", []):
        st = statements.get((e["doc"], e["start"], e["end"]))
        if st is None:
            st = Statement(
                doc=e["doc"], start=e["start"], end=e["end"], text=e["text"],
                indicator=target.indicator, canonical=target.canonical, value=float(e["value"]),
                unit=target.unit, comparator="=", kind=e.get("kind", "actual"),
                measure=target.measure, direction=target.direction, period=e["period"],
            )
        evidence.append(Evidence(statement=st, region=rec.get("region"), role=e.get("role", "direct")))
    return Judgement(
        target=target, region=rec.get("region"), status=rec["status"],
        evidence=tuple(evidence), reason=rec.get("reason", ""),
    )
