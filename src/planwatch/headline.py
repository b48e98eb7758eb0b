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
class Indicator:
    """One headline indicator: a row of ``indicators.tsv``, and what extraction adds from
    ``canonical.yaml`` (more synonyms, block words, patterns, units)."""

    id: str
    name: str
    measure: str
    unit: str
    better: str
    synonyms: tuple[str, ...] = ()
    #: words that keep a phrase from naming the indicator (人均 before 地区生产总值)
    block: tuple[str, ...] = ()
    #: regexes naming the indicator with words between (新增…学位), searched in the phrase
    patterns: tuple[str, ...] = ()
    #: more units a figure of the indicator may be written in (学位 in 座, 外资 in 元)
    units: tuple[str, ...] = ()
    #: words that block the indicator only inside the phrase itself (人均GDP is not GDP)
    block_in_phrase: tuple[str, ...] = ()


def compile_rows(rows: list[dict[str, str]], where: str = FILE) -> tuple[Indicator, ...]:
    """The validated rows of an ``indicators.tsv`` as indicators; a bad value names the file and line."""
    out: list[Indicator] = []
    for n, row in enumerate(rows, start=2):
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip() and c != "synonyms"]
        if missing:
            raise RuleError(where, f"line {n}", f"empty {', '.join(missing)}")
        better = row["better"].strip()
        if better not in ("up", "down"):
            raise RuleError(where, f"line {n}", f"indicator {row['id']}: better must be up or down")
        out.append(Indicator(
            id=row["id"].strip(),
            name=row["name"].strip(),
            measure=row["measure"].strip(),
            unit=row["unit"].strip(),
            better=better,
            synonyms=tuple(s.strip() for s in (row.get("synonyms") or "").split(",") if s.strip()),
        ))
    return tuple(out)


def read_headline(path: Path) -> tuple[Indicator, ...]:
    """Read and check the ``indicators.tsv`` at ``path`` (``<folder>/<lang>/<name>``)."""
    return compile_rows(read_tsv(path.name, path.parent.name, path.parent.parent), str(path))


def headline_rows(lang: str = "zh", folder: Path | None = None) -> tuple[Indicator, ...]:
    """The headline indicators of ``lang`` (of the rules ``folder`` when given, else the packaged ones)."""
    return compile_rows(read_tsv(FILE, lang, folder))


@cache
def headline_indicators(lang: str = "zh") -> tuple[Indicator, ...]:
    """The packaged headline indicators of ``lang`` (read once)."""
    return headline_rows(lang)
