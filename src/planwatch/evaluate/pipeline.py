"""The text → records pipeline as evaluation and benchmarks see it.

``planwatch.ingest.load(path) -> Document``, ``planwatch.structure.analyse(doc) -> Structure`` and
``planwatch.extract.extract(doc, structure) -> list[Statement]`` (the contract of
``planwatch.pipeline``), bundled so that scoring, the quality gate and the benchmarks
can also be given stand-in stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch import extract as extract_stage
from planwatch import ingest as ingest_stage
from planwatch import structure as structure_stage
from planwatch.model import Document, Statement, Structure


def _as_record(item: Statement | dict[str, Any]) -> dict[str, Any]:
    return item.to_record() if isinstance(item, Statement) else dict(item)


@dataclass(frozen=True)
class Pipeline:
    """The three stage functions."""

    load: Callable[..., Document]
    analyse: Callable[..., Structure]
    extract: Callable[..., Iterable[Statement]]

    def statements(self, doc: Document) -> list[Statement]:
        """Structure then extraction of one loaded document (what the benchmark times)."""
        return list(self.extract(doc, self.analyse(doc)))

    def records(self, doc: Document) -> list[dict[str, Any]]:
        """The contract records of one loaded document."""
        return [_as_record(s) for s in self.statements(doc)]

    def load_corpus(self, corpus: Path) -> list[Document]:
        """Every ``*.txt`` document of ``corpus``, in name order."""
        return [self.load(p) for p in sorted(Path(corpus).glob("*.txt"))]

    def predict(self, corpus: Path) -> list[dict[str, Any]]:
        """The records of every ``*.txt`` document of ``corpus``."""
        return [r for doc in self.load_corpus(corpus) for r in self.records(doc)]


def resolve() -> Pipeline:
    """The real pipeline."""
    return Pipeline(ingest_stage.load, structure_stage.analyse, extract_stage.extract)
