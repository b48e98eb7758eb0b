"""Calibrate the name-similarity threshold of linking on annotated statements.

Names that share a canonical id (and measure) are pairs that must link; names with
different canonical ids are pairs that must not. The threshold written to
``tracking.yaml`` (``linking.name_similarity``) is the lowest one with no false link
on that data, i.e. precision first: a wrong link gives a wrong judgement, a missed
one only ``no_data``.

Usage: ``python -m planwatch.track.calibrate tests/data/gold/dev``
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

from planwatch.track.link import name_similarity
from planwatch.track.records import read_jsonl
from planwatch.track.rules import TrackingRules, load_rules


@dataclass(frozen=True)
class Calibration:
    threshold: int
    precision: float
    recall: float
    positives: int
    negatives: int


def labelled_names(folder: Path) -> set[tuple[str, str, str]]:
    """(name, canonical id, measure) of every annotated statement with a canonical id."""
    out = set()
    for path in sorted(folder.glob("*.jsonl")):
        for rec in read_jsonl(path):
            if rec.get("canonical") and rec.get("indicator"):
                out.add((rec["indicator"], rec["canonical"], rec.get("measure", "level")))
    return out


def calibrate(names: set[tuple[str, str, str]], rules: TrackingRules) -> Calibration:
    """The lowest threshold with no link between names of different canonical ids."""
    scored: list[tuple[float, bool]] = []
    for (a, ca, ma), (b, cb, mb) in itertools.combinations(sorted(names), 2):
        if ma == mb and a != b:
            scored.append((name_similarity(a, b, rules), ca == cb))
    pos = sum(1 for _, same in scored if same)
    worst_negative = max((s for s, same in scored if not same), default=0.0)
    threshold = int(worst_negative) + 1
    hits = sum(1 for s, same in scored if same and s >= threshold)
    return Calibration(
        threshold=threshold, precision=1.0, recall=hits / pos if pos else 0.0,
        positives=pos, negatives=len(scored) - pos,
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("tests/data/gold/dev")
    cal = calibrate(labelled_names(folder), load_rules())
    print(
        f"threshold={cal.threshold} precision={cal.precision:.2f} recall={cal.recall:.2f} "
        f"positives={cal.positives} negatives={cal.negatives}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
