"""Loading contract-format JSONL (statements, documents, tracking) with their texts into the store.

For demos, tests and benchmarks: a folder of texts and a folder of records in the
formats of shared/spec (``<doc>.jsonl`` statements, ``documents.jsonl`` facts,
``tracking.jsonl`` judgements) become stored documents, statements and
judgements through the store's repository functions, without running extraction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from planwatch.model import Document, Statement, Structure
from planwatch.records import facts_from_record, judgement_from_record, read_jsonl, statement_from_record


def make_document(name: str, text: str, source: str = "") -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=name, text=text, analysis=text, source=source or name, sha256=sha)


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

    facts = {r["doc"]: r for r in read_jsonl(gold / "documents.jsonl", missing_ok=True)}
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
                records = read_jsonl(gold / name.replace(".txt", ".jsonl"), missing_ok=True)
                sts = tuple(statement_from_record(r, doc_name) for r in records)
                if copy == 0:
                    by_span.update({(s.doc, s.start, s.end): s for s in sts})
                doc = make_document(doc_name, text, source=f"seed:{doc_name}")
                structure = Structure(facts=facts_from_record(facts.get(name, {}), doc_name))
                save_processed(session, Processed(doc, structure, sts))
                stored += 1
    if tracking:
        tracked = read_jsonl(gold / "tracking.jsonl", missing_ok=True)
        items = [judgement_from_record(r, by_span) for r in tracked]
        with transaction(engine) as session:
            save_judgements(session, items)
    return stored
