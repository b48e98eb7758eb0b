"""Helpers: the vendored corpus as Documents, analysed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from planwatch.model import Document, Structure
from planwatch.structure import analyse

DATA = Path(__file__).resolve().parents[2] / "data"
DEV = DATA / "corpus" / "dev"
EXTRA = DATA / "corpus" / "extra"
DEV_DOCS = sorted(p.name for p in DEV.glob("*.txt"))
EXTRA_DOCS = sorted(p.name for p in EXTRA.glob("*.txt"))


def doc_of(text: str, name: str = "t.txt", meta: dict[str, str] | None = None) -> Document:
    return Document(name=name, text=text, analysis=text, meta=meta or {})


@cache
def read(name: str) -> Document:
    """A dev or extra report as a Document (text used as its own analysis text)."""
    path = DEV / name if (DEV / name).exists() else EXTRA / name
    return doc_of(path.read_text(encoding="utf-8"), name)


@cache
def structure(name: str) -> Structure:
    return analyse(read(name))
