"""Statements paired with their document's facts, from contract JSONL (see :mod:`planwatch.records`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planwatch.errors import PlanWatchError
from planwatch.model import DocumentFacts, Statement
from planwatch.records import facts_from_record, read_jsonl, statement_from_record


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
