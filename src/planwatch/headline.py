"""The headline indicators: ``rules/<lang>/indicators.tsv``, compiled in one place for every stage.

Each row names a canonical indicator (``gdp_growth``), its standard name, measure, unit, which way is
better, and the synonyms documents use. Extraction adds its own synonym extensions and block words
(``canonical.yaml``), tracking its comparisons, the store keeps a copy in the database. The file is
read (and its columns checked) by :mod:`planwatch.rules.loader`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planwatch.errors import RuleError
from planwatch.rules.loader import read_tsv

COLUMNS = ("id", "name", "measure", "unit", "better", "synonyms")
FILE = "indicators.tsv"


@dataclass(frozen=True)
class HeadlineIndicator:
    """One row of ``indicators.tsv``."""

    id: str
    name: str
    measure: str
    unit: str
    better: str
    synonyms: tuple[str, ...] = ()


def compile_rows(rows: list[dict[str, str]], where: str = FILE) -> tuple[HeadlineIndicator, ...]:
    """The validated rows of an ``indicators.tsv`` as indicators; a bad value names the file and line."""
    out: list[HeadlineIndicator] = []
    for n, row in enumerate(rows, start=2):
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip() and c != "synonyms"]
        if missing:
            raise RuleError(where, f"line {n}", f"empty {', '.join(missing)}")
        better = row["better"].strip()
        if better not in ("up", "down"):
            raise RuleError(where, f"line {n}", f"indicator {row['id']}: better must be up or down")
        out.append(HeadlineIndicator(
            id=row["id"].strip(),
            name=row["name"].strip(),
            measure=row["measure"].strip(),
            unit=row["unit"].strip(),
            better=better,
            synonyms=tuple(s.strip() for s in (row.get("synonyms") or "").split(",") if s.strip()),
        ))
    return tuple(out)


def read_headline(path: Path) -> tuple[HeadlineIndicator, ...]:
    """Read and check the ``indicators.tsv`` at ``path`` (``<folder>/<lang>/<name>``)."""
    return compile_rows(read_tsv(path.name, path.parent.name, path.parent.parent), str(path))


def headline_rows(lang: str = "zh", folder: Path | None = None) -> tuple[HeadlineIndicator, ...]:
    """The headline indicators of ``lang`` (of the rules ``folder`` when given, else the packaged ones)."""
    return compile_rows(read_tsv(FILE, lang, folder))


@cache
def headline_indicators(lang: str = "zh") -> tuple[HeadlineIndicator, ...]:
    """The packaged headline indicators of ``lang`` (read once)."""
    return headline_rows(lang)
