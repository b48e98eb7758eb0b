"""Small builders for tracking tests: statements, facts and the dev gold as model objects."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from planwatch.model import DocKind, DocumentFacts, Kind, Statement
from planwatch.track.records import load_pairs
from planwatch.track.rules import read_indicators

DATA = Path(__file__).resolve().parents[2] / "data"
GOLD = DATA / "gold" / "dev"
SPEC_INDICATORS = read_indicators(DATA / "spec" / "indicators.tsv")
REGION = "某省某市某区"


def gold_pairs() -> list[tuple[Statement, DocumentFacts]]:
    """Every dev gold statement with its document's facts."""
    return load_pairs(sorted(GOLD.glob("0*.jsonl")), GOLD / "documents.jsonl")


def facts(
    doc: str, delivered: str | None, region: str | None = REGION, kind: DocKind = "work_report",
    plans: tuple[str, ...] = (),
) -> DocumentFacts:
    return DocumentFacts(doc=doc, region=region, kind=kind, delivered=delivered, published=None, plans=plans)


_n = [0]


def st(kind: Kind = "target", /, **kw: Any) -> Statement:
    """A statement with plain defaults (a level in 家 for 2020, canonical null)."""
    _n[0] += 1
    base = Statement(
        doc="plan.txt", start=_n[0] * 10, end=_n[0] * 10 + 4, text=kw.pop("text", "x"), indicator="企业总数",
        canonical=None, value=100, unit="家", comparator="=", kind="target", measure="level",
        direction="none", period="2020",
    )
    return replace(base, kind=kind, **kw)
