"""The pipeline: from a file to what PlanWatch stores about it.

The cascade, stage by stage:

1. **ingest** — ``planwatch.ingest.load(path) -> Document``: the file's canonical
   text, its encoding, and the analysis text (traditional -> simplified).
2. **structure** — ``planwatch.structure.analyse(doc) -> Structure``: the document's
   facts (region, kind, dates, periods), its outline, its page furniture.
3. **extract** — ``planwatch.extract.extract(doc, structure) -> list[Statement]``:
   every quantitative statement with its span.
4. **track** — ``planwatch.track`` judges each target against the evidence of all
   stored documents; it runs across documents, after they are stored
   (``planwatch track``), and saves through ``store.repository.save_judgements``.
5. **store** — ``store.repository.save_processed`` writes one document, its
   sections and statements in one transaction (``planwatch ingest``).

:func:`process` runs 1-3 on a file, :func:`process_document` runs 2-3 on a
document already read (``--reextract`` uses it on stored text). Each stage can be
replaced by passing a function: tests inject small fakes that way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from planwatch import extract as extract_stage
from planwatch import ingest as ingest_stage
from planwatch import structure as structure_stage
from planwatch.ingest import expand
from planwatch.model import Document, Statement, Structure

Loader = Callable[[Path], Document]
Analyser = Callable[[Document], Structure]
Extractor = Callable[[Document, Structure], list[Statement]]

#: The period of a statement whose period could not be read (no year in the document, none nearby).
UNREADABLE_PERIOD = "0000"

@dataclass(frozen=True)
class Processed:
    """A document with what the pipeline found in it."""

    document: Document
    structure: Structure
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Stages:
    """The functions of stages 1-3; None means the real stage module."""

    load: Loader | None = None
    analyse: Analyser | None = None
    extract: Extractor | None = None

    def loader(self) -> Loader:
        return self.load or ingest_stage.load

    def analyser(self) -> Analyser:
        return self.analyse or structure_stage.analyse

    def extractor(self) -> Extractor:
        return self.extract or extract_stage.extract


REAL = Stages()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes: the key a document is stored under."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process_document(doc: Document, stages: Stages = REAL) -> Processed:
    """Stages 2-3 on a document already read.

    A statement whose period could not be read (:data:`UNREADABLE_PERIOD`: the document's year is
    unknown and nothing near the figure names one) is withheld; the structure stage flags the unknown
    year in ``facts.unsure`` so that a person can give it (``planwatch ingest --year``).
    """
    structure = stages.analyser()(doc)
    statements = tuple(
        s for s in stages.extractor()(doc, structure) if s.period != UNREADABLE_PERIOD
    )
    return Processed(doc, structure, statements)


def with_given(doc: Document, given: Mapping[str, str] | None) -> Document:
    """``doc`` with the facts a person gives (``model.GIVEN_FACT_KEYS`` entries) added to its meta."""
    if not given:
        return doc
    return replace(doc, meta={**doc.meta, **given})


def process(
    path: Path | str, stages: Stages = REAL, *, sha256: str | None = None,
    given: Mapping[str, str] | None = None,
) -> Processed:
    """Stages 1-3 on a file.

    The document's ``sha256`` becomes the hash of the file's bytes and its
    ``source`` the file's absolute path: the keys the store uses. ``given`` facts
    (``given_region``, ``given_year``, ``given_kind``) go into its meta before the
    structure stage reads it, and are stored with it.
    """
    path = Path(path)
    doc = stages.loader()(path)
    digest = sha256 or file_sha256(path)
    source = str(path.resolve())
    if doc.sha256 != digest or doc.source != source:
        doc = replace(doc, sha256=digest, source=source)
    return process_document(with_given(doc, given), stages)


def discover(paths: Iterable[Path | str], suffixes: frozenset[str] | None = None) -> Iterator[Path]:
    """The files named, and the files with a known suffix under the folders named (recursive, sorted),
    each once: :func:`planwatch.ingest.expand` without repeats."""
    return expand(paths, suffixes=suffixes, unique=True)
