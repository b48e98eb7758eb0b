"""Canonical ids and indicator words of extraction on the tracking development set.

    .venv/bin/python benchmarks/canonical_agreement.py [-v]

Extracts tests/data/corpus/tracking and compares, for every hand-checked target of
tests/data/gold/tracking (and every piece of evidence of a target with a canonical id), the
statement whose span overlaps it: canonical agreement (null included, and over gold non-null),
ids given where gold has none, evidence with the target's id, and indicator words agreeing
(one contains the other, as the statement scorer counts them).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from planwatch.extract import extract
from planwatch.ingest import load

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus" / "tracking"
GOLD = ROOT / "tests" / "data" / "gold" / "tracking"


def _flat(s: str) -> str:
    return "".join(s.split())


def main(verbose: bool) -> int:
    pred: dict[str, list[Any]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*.txt")):
        pred[path.name] = extract(load(path))

    def find(doc: str, start: int, end: int) -> Any:
        return next((p for p in pred[doc] if p.start < end and start < p.end), None)

    files = sorted(GOLD.glob("*-20??.jsonl"))
    gold = [json.loads(line) for f in files for line in f.open(encoding="utf-8")]
    agree = nonnull = agree_nonnull = spurious = words = ev_due = ev_ok = 0
    for g in gold:
        p = find(g["doc"], g["start"], g["end"])
        got = p.canonical if p is not None else None
        agree += got == g["canonical"]
        if g["canonical"]:
            nonnull += 1
            agree_nonnull += got == g["canonical"]
        elif got:
            spurious += 1
        a, b = _flat(g["indicator"]), _flat(p.indicator) if p is not None else "\0"
        words += a in b or b in a
        if verbose and got != g["canonical"]:
            print(f"{g['doc']}@{g['start']} {g['text']} ({g['indicator']}): {got} != gold {g['canonical']}")
        for ev in g["evidence"] if g["canonical"] else []:
            q = find(ev["doc"], ev["start"], ev["end"])
            ev_due += 1
            ev_ok += q is not None and q.canonical == g["canonical"]
    n = len(gold)
    print(f"targets {n}: canonical agreement {agree}/{n} = {agree / n:.3f}; where gold has an id "
          f"{agree_nonnull}/{nonnull}; ids where gold has none {spurious}")
    print(f"evidence of those targets with the same id {ev_ok}/{ev_due}; "
          f"indicator words {words}/{n} = {words / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv[1:]))
