"""The quality gate: the dev scores of the current extractor must reach the floors in baseline.json.

  python benchmarks/gate.py                       check (exit 1 when a score is under its floor)
  python benchmarks/gate.py --update              re-pin the floors to the current scores
  python benchmarks/gate.py --update --allow-regression   ... even when that lowers a floor

The baseline also holds a sha256 fingerprint of tests/data/corpus/dev and tests/data/gold/dev:
when they change, the gate fails until the floors are re-pinned on the new data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planwatch.evaluate import gate
from planwatch.evaluate.gate import GateError, dev_scores, fingerprint, judge

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "benchmarks" / "baseline.json"
CORPUS = REPO / "tests" / "data" / "corpus" / "dev"
GOLD = REPO / "tests" / "data" / "gold" / "dev"
DATA = (CORPUS, GOLD)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="re-pin the floors to the current scores")
    ap.add_argument("--allow-regression", action="store_true", help="with --update: allow lowering floors")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    args = ap.parse_args(argv)
    fp = fingerprint(DATA)
    scores = dev_scores(CORPUS, GOLD)
    try:
        old = gate.load_baseline(args.baseline) if args.baseline.exists() else None
        if args.update:
            data = [p.relative_to(REPO).as_posix() for p in DATA]
            new = gate.repin(scores, old if old and old.is_pinned else None, fp, data,
                             allow_regression=args.allow_regression)
            gate.save_baseline(args.baseline, new)
            print(f"pinned {len(new.floors)} floors in {args.baseline}")
            for k, v in new.floors.items():
                print(f"  {k:<24} {_fmt(v)}")
            return 0
    except GateError as e:
        print(f"gate: {e}", file=sys.stderr)
        return 1
    if old is None or not old.is_pinned:
        print(f"gate: no floors pinned in {args.baseline}; run `benchmarks/gate.py --update` to pin them")
        for k, v in scores.items():
            print(f"  {k:<24} {v}")
        return 0
    verdict = judge(scores, old, fp)
    for key, value, floor in verdict.rows:
        mark = "FAIL" if any(f.startswith(f"{key}:") for f in verdict.failures) else "ok"
        print(f"  {key:<24} {_fmt(value)}  floor {_fmt(floor)}  {mark}")
    for failure in verdict.failures:
        print(f"gate: {failure}", file=sys.stderr)
    print("gate passed" if verdict.ok else "gate FAILED")
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
