"""Loading contract-format JSONL (statements, documents, tracking) with their texts into the store.

For demos, tests and benchmarks: a folder of texts and a folder of records in the
formats of shared/spec (``<doc>.jsonl`` statements, ``documents.jsonl`` facts,
``tracking.jsonl`` judgements) become stored documents, statements and
judgements through the store's repository functions, without running extraction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from planwatch.model import Document, DocumentFacts, Evidence, Judgement, Statement, Structure


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def facts_from_record(rec: dict[str, Any], name: str) -> DocumentFacts:
    return DocumentFacts(
        doc=name,
        region=rec.get("region"),
        kind=rec.get("kind", "other"),
        delivered=rec.get("delivered"),
        published=rec.get("published"),
        reviews=tuple(rec.get("reviews") or ()),
        plans=tuple(rec.get("plans") or ()),
    )


def statement_from_record(rec: dict[str, Any], doc: str | None = None) -> Statement:
    return Statement(
        doc=doc or rec["doc"],
        start=int(rec["start"]),
        end=int(rec["end"]),
        text=rec["text"],
        indicator=rec["indicator"],
        canonical=rec.get("canonical"),
        value=float(rec["value"]),
        unit=rec["unit"],
        comparator=rec["comparator"],
        kind=rec["kind"],
        measure=rec["measure"],
        direction=rec["direction"],
        period=rec["period"],
    )


def make_document(name: str, text: str, source: str = "") -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=name, text=text, analysis=text, source=source or name, sha256=sha)


def judgement_from_record(
    rec: dict[str, Any], statements: dict[tuple[str, int, int], Statement]
) -> Judgement:
    """A tracking.jsonl record as a Judgement, reusing stored statements where the spans match."""
    target = statements.get((rec["doc"], rec["start"], rec["end"])) or statement_from_record(
        {
            **rec,
            "value": rec.get("value", 0),
            "unit": rec.get("unit", ""),
            "comparator": rec.get("comparator", "="),
            "kind": "target",
            "measure": rec.get("measure", "level"),
            "direction": rec.get("direction", "up"),
        }
    )
    evidence = []
    for e in rec.get("evidence", []):
        st = statements.get((e["doc"], e["start"], e["end"]))
        if st is None:
            st = Statement(
                doc=e["doc"],
                start=e["start"],
                end=e["end"],
                text=e["text"],
                indicator=target.indicator,
                canonical=target.canonical,
                value=float(e["value"]),
                unit=target.unit,
                comparator="=",
                kind=e.get("kind", "actual"),
                measure=target.measure,
                direction=target.direction,
                period=e["period"],
            )
        evidence.append(Evidence(statement=st, region=rec.get("region"), role=e.get("role", "direct")))
    return Judgement(
        target=target,
        region=rec.get("region"),
        status=rec["status"],
        evidence=tuple(evidence),
        reason=rec.get("reason", ""),
    )


def seed(
    engine: Engine,
    corpus: Path,
    gold: Path,
    *,
    names: Iterable[str] | None = None,
    copies: int = 1,
    tracking: bool = True,
) -> int:
    """Store the texts of ``corpus`` with the records of ``gold``; returns the number of documents stored.

    ``copies`` > 1 stores each text again with a unique line appended (different hash and name),
    to build large stores for benchmarks; judgements are stored for the first copy only.
    """
    from planwatch.pipeline import Processed
    from planwatch.store.db import transaction
    from planwatch.store.repository import ensure_indicators, save_judgements, save_processed

    facts = {r["doc"]: r for r in read_jsonl(gold / "documents.jsonl")}
    chosen = sorted(names) if names is not None else sorted(p.name for p in corpus.glob("*.txt"))
    by_span: dict[tuple[str, int, int], Statement] = {}
    stored = 0
    with transaction(engine) as session:
        ensure_indicators(session)
    for copy in range(copies):
        with transaction(engine) as session:
            for name in chosen:
                text = (corpus / name).read_text(encoding="utf-8")
                doc_name = name if copy == 0 else f"{Path(name).stem}-{copy:04d}{Path(name).suffix}"
                if copy:
                    text = f"{text}\n（副本 {copy}）\n"
                records = read_jsonl(gold / name.replace(".txt", ".jsonl"))
                sts = tuple(statement_from_record(r, doc_name) for r in records)
                if copy == 0:
                    by_span.update({(s.doc, s.start, s.end): s for s in sts})
                doc = make_document(doc_name, text, source=f"seed:{doc_name}")
                structure = Structure(facts=facts_from_record(facts.get(name, {}), doc_name))
                save_processed(session, Processed(doc, structure, sts))
                stored += 1
    if tracking:
        items = [judgement_from_record(r, by_span) for r in read_jsonl(gold / "tracking.jsonl")]
        with transaction(engine) as session:
            save_judgements(session, items)
    return stored
