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
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from planwatch.errors import PlanWatchError
from planwatch.model import DocumentFacts, Evidence, Judgement, Span, Statement

#: Fields of a tracking record (tracking.md), then the reason.
TRACK_FIELDS = ("doc", "start", "end", "text", "indicator", "canonical", "region", "period", "status")
EVIDENCE_FIELDS = ("doc", "start", "end", "text", "value", "period", "kind")
#: The field a record and each of its evidence items gain when the documents' texts are at hand:
#: the text of the sentence holding the figure (:func:`sentence_of`).
SENTENCE_FIELD = "sentence"

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


#: How far (characters) a sentence is looked for on each side of a figure without the extractor's span.
SENTENCE_REACH = 400


def sentence_bounds(
    text: str, start: int, end: int, sentence: Span | None = None, breaks: re.Pattern[str] | None = None
) -> tuple[int, int]:
    """Where the sentence holding the figure ``[start, end)`` of ``text`` starts and ends.

    The one home of a quoted sentence: the extractor's sentence span (``Statement.sentence``, cut by
    ``sentence_breaks`` of ``rules/zh/indicators.yaml``) when the statement has one, else the text
    between the ``breaks`` (that same pattern, given by the caller) around the figure, else its line;
    always widened to hold the figure, trimmed of blanks, and closed by the mark that ends it (。！？).
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if sentence is not None:
        lo, hi = min(sentence.start, start), max(min(sentence.end, n), end)
    elif breaks is not None:
        floor = max(0, start - SENTENCE_REACH)
        before = [m.end() for m in breaks.finditer(text, floor, start)]
        lo = before[-1] if before else floor
        m = breaks.search(text, end, min(n, end + SENTENCE_REACH))
        hi = m.start() if m else min(n, end + SENTENCE_REACH)
    else:
        lo = text.rfind("\n", 0, start) + 1
        nl = text.find("\n", end)
        hi = n if nl < 0 else nl
    cut = hi
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    if hi == cut and hi < n and (sentence is not None or breaks is not None) and _closes(text[hi]):
        hi += 1
    return lo, hi


def _closes(ch: str) -> bool:
    """The mark the sentence was cut at (。！？!?): other punctuation, not a blank, bracket or quote."""
    return unicodedata.category(ch) == "Po"


def sentence_of(s: Statement, text: str | None, breaks: re.Pattern[str] | None = None) -> str | None:
    """The text of the sentence holding ``s``'s figure in its document's ``text`` (None without it)."""
    if text is None or s.end > len(text):
        return None
    lo, hi = sentence_bounds(text, s.start, s.end, s.sentence, breaks)
    return text[lo:hi]


def judgement_record(
    j: Judgement, *, superseded: bool = False, texts: Mapping[str, str] | None = None,
    breaks: re.Pattern[str] | None = None,
) -> dict[str, Any]:
    """The tracking.md record of ``j`` plus its ``reason``; superseded evidence only on request.

    Given the documents' ``texts`` (by name), the record and each evidence item also carry
    ``sentence``: the sentence holding the figure (:func:`sentence_of`; None for a text not given).
    """
    t = j.target
    rec: dict[str, Any] = {
        "doc": t.doc, "start": t.start, "end": t.end, "text": t.text, "indicator": t.indicator,
        "canonical": t.canonical, "region": j.region, "period": t.period, "status": j.status,
    }
    if texts is not None:
        rec[SENTENCE_FIELD] = sentence_of(t, texts.get(t.doc), breaks)
    rec["evidence"] = []
    for e in j.evidence:
        if not superseded and e.role == "superseded":
            continue
        st = e.statement
        item: dict[str, Any] = {
            "doc": st.doc, "start": st.start, "end": st.end, "text": st.text, "value": _number(st.value),
            "period": st.period, "kind": st.kind,
        }
        if texts is not None:
            item[SENTENCE_FIELD] = sentence_of(st, texts.get(st.doc), breaks)
        rec["evidence"].append(item)
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
