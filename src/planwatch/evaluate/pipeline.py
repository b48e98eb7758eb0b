"""The text → records pipeline as evaluation and benchmarks see it.

Resolves ``planwatch.ingest.load(path) -> Document``,
``planwatch.structure.analyse(doc) -> Structure`` and
``planwatch.extract.extract(doc, structure) -> list[Statement]`` (the contract of
``planwatch.pipeline``) at run time, so that scoring, the quality gate and
the benchmarks work as soon as those stages exist and say clearly why they are
skipped before that (:class:`PipelineUnavailable`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError
from planwatch.model import Document, Statement, Structure

#: (module, function) of each stage, in pipeline order.
STAGES: tuple[tuple[str, str], ...] = (
    ("planwatch.ingest", "load"),
    ("planwatch.structure", "analyse"),
    ("planwatch.extract", "extract"),
)


class PipelineUnavailable(PlanWatchError):
    """A stage of the pipeline does not exist (yet)."""


def _resolve(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
    except ImportError as e:
        raise PipelineUnavailable(f"{module} cannot be imported ({e})") from e
    fn = getattr(mod, name, None)
    if not callable(fn):
        raise PipelineUnavailable(f"{module}.{name} does not exist yet")
    return fn


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


def resolve(stages: Sequence[tuple[str, str]] = STAGES) -> Pipeline:
    """The pipeline, or :class:`PipelineUnavailable` naming every missing stage."""
    found: list[Callable[..., Any]] = []
    missing: list[str] = []
    for module, name in stages:
        try:
            found.append(_resolve(module, name))
        except PipelineUnavailable as e:
            missing.append(str(e))
    if missing:
        raise PipelineUnavailable("; ".join(missing))
    return Pipeline(*found)
