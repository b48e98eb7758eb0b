"""Small stand-ins for stages 1-3, injected into the pipeline (``Stages``) by the store tests.

They read the vendored dev corpus the way the real stages will: the statements
are the gold statements of the document a file was copied from (so every
contract field of real records goes through the store), and the facts are the
gold document facts. Files not from the dev corpus get facts without a region
and one statement per run of digits.
"""

from __future__ import annotations

import json
import os
import re
import time
from functools import cache
from pathlib import Path

from planwatch.errors import IngestError
from planwatch.model import Document, DocumentFacts, Section, Span, Statement, Structure
from planwatch.pipeline import Stages

DATA = Path(__file__).resolve().parents[2] / "data"
DEV = DATA / "corpus" / "dev"
GOLD = DATA / "gold" / "dev"
STEM = re.compile(r"^\d{3}_[0-9a-f]{16}")


def stem(name: str) -> str | None:
    m = STEM.match(name)
    return m.group(0) if m else None


@cache
def gold_facts() -> dict[str, dict]:
    with (GOLD / "documents.jsonl").open(encoding="utf-8") as f:
        return {r["doc"][:20]: r for r in map(json.loads, f) if r}


@cache
def gold_records(key: str) -> tuple[dict, ...]:
    path = GOLD / f"{key}.jsonl"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as f:
        return tuple(json.loads(line) for line in f if line.strip())


def fake_load(path: Path) -> Document:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(str(path), exc.strerror or "cannot read") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), "not UTF-8 text") from exc
    if not text.strip():
        raise IngestError(str(path), "empty file")
    return Document(name=Path(path).name, text=text, analysis=text, source=str(path), format="txt",
                    encoding="utf-8", meta={"copy": str(len(raw))})


def fake_analyse(doc: Document) -> Structure:
    rec = gold_facts().get(stem(doc.name) or "")
    if rec:
        facts = DocumentFacts(doc.name, rec["region"], rec["kind"], rec["delivered"], rec["published"],
                              tuple(rec["reviews"]), tuple(rec["plans"]))
    else:
        facts = DocumentFacts(doc.name, None, "other", None, None)
    step = max(1, len(doc.text) // 3)
    sections = tuple(
        Section(start=a, end=min(a + step, len(doc.text)), heading=Span(a, min(a + 5, len(doc.text))),
                title=doc.text[a:a + 5], level=1, label=("review", "plan", "other")[i % 3],
                periods=facts.plans if i == 1 else ())
        for i, a in enumerate(range(0, len(doc.text), step))
    )
    return Structure(facts=facts, sections=sections, furniture=(Span(0, 1),), body=Span(0, len(doc.text)))


def fake_extract(doc: Document, structure: Structure) -> list[Statement]:
    key = stem(doc.name)
    recs = gold_records(key) if key else ()
    if recs:
        out = []
        for r in recs:
            assert doc.text[r["start"]:r["end"]] == r["text"], (doc.name, r)
            out.append(Statement(**{**r, "doc": doc.name, "value": float(r["value"])},
                                 doubts=("fake",) if r["start"] % 2 else (),
                                 sentence=Span(max(0, r["start"] - 10), r["end"])))
        return out
    return [
        Statement(doc.name, m.start(), m.end(), m.group(), "number", None, float(m.group()), "",
                  "=", "actual", "level", "none", "2020")
        for m in re.finditer(r"\d+", doc.text)
    ]


def slow_extract(doc: Document, structure: Structure) -> list[Statement]:
    """``fake_extract`` that takes ``$PW_FAKE_DELAY`` seconds (for the kill test)."""
    time.sleep(float(os.environ.get("PW_FAKE_DELAY", "0.05")))
    return fake_extract(doc, structure)


FAKE = Stages(load=fake_load, analyse=fake_analyse, extract=fake_extract)
SLOW = Stages(load=fake_load, analyse=fake_analyse, extract=slow_extract)


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """``copies`` files per dev document, each with a unique last line (so a unique hash)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sorted(DEV.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for i in range(copies):
            path = folder / f"{src.stem}__{i:04d}.txt"
            path.write_text(f"{text}\n<!-- copy {i} -->\n", encoding="utf-8")
            out.append(path)
    return out
