"""The headline indicators: ``rules/<lang>/indicators.tsv``, read in one place for every stage.

Each row names a canonical indicator (``gdp_growth``), its standard name, measure, unit, which way is
better, and the synonyms documents use. Extraction adds its own synonym extensions and block words
(``canonical.yaml``), tracking its comparisons, the store keeps a copy in the database.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planwatch.errors import PlanWatchError

RULES_DIR = Path(__file__).resolve().parent / "rules"
COLUMNS = ("id", "name", "measure", "unit", "better", "synonyms")


@dataclass(frozen=True)
class HeadlineIndicator:
    """One row of ``indicators.tsv``."""

    id: str
    name: str
    measure: str
    unit: str
    better: str
    synonyms: tuple[str, ...] = ()


def read_headline(path: Path) -> tuple[HeadlineIndicator, ...]:
    """Read and check an ``indicators.tsv``; a bad file raises an error naming it and the row."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as e:
        raise PlanWatchError(f"{path}: {e.strerror or e}") from e
    out: list[HeadlineIndicator] = []
    for n, row in enumerate(rows, start=2):
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip() and c != "synonyms"]
        if missing:
            raise PlanWatchError(f"{path}: line {n}: empty {', '.join(missing)}")
        better = row["better"].strip()
        if better not in ("up", "down"):
            raise PlanWatchError(f"{path}: line {n}: indicator {row['id']}: better must be up or down")
        out.append(HeadlineIndicator(
            id=row["id"].strip(),
            name=row["name"].strip(),
            measure=row["measure"].strip(),
            unit=row["unit"].strip(),
            better=better,
            synonyms=tuple(s.strip() for s in (row.get("synonyms") or "").split(",") if s.strip()),
        ))
    return tuple(out)


@cache
def headline_indicators(lang: str = "zh") -> tuple[HeadlineIndicator, ...]:
    """The packaged headline indicators of ``lang`` (read once)."""
    return read_headline(RULES_DIR / lang / "indicators.tsv")
