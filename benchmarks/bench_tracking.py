"""Tracking quality on the development set: ingest the report pairs, judge, score against the gold.

    .venv/bin/python benchmarks/bench_tracking.py [--misses N] [--all]

Ingests tests/data/corpus/tracking into a fresh SQLite store, runs `planwatch track`, writes
`planwatch targets --format jsonl` and scores it with the vendored tracking scorer against
tests/data/gold/tracking (ambiguous judgements left out unless --all). Prints the scorer's figures and
a per-pair table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PW = [sys.executable, "-c", "from planwatch.cli import main; main()"]


def pw(args: list[str], db: str) -> str:
    out = subprocess.run([*PW, *args, "--db", db], check=True, capture_output=True, text=True)
    return out.stdout


NAME = "tracking"


def measure(corpus: Path, gold: Path, misses: int = 0, all_: bool = False) -> dict[str, Any]:
    """Ingest ``corpus``, track, score the targets against ``gold``; print and return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/t.db"
        pw(["ingest", str(corpus)], db)
        pw(["track"], db)
        pred = Path(tmp) / "targets.jsonl"
        pred.write_text(pw(["targets", "--format", "jsonl"], db), encoding="utf-8")
        cmd = [sys.executable, str(DATA / "tools_tracking.py"), "score", str(gold), str(pred),
               "--misses", str(misses), *(["--all"] if all_ else [])]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    print(out)
    result: dict[str, Any] = json.loads(out[out.index("{"):])
    print("| pair | agree |")
    print("|---|---|")
    for doc, frac in result["per_doc"].items():
        print(f"| {doc} | {frac} |")
    return result


def run() -> dict[str, Any]:
    """``benchmarks/run.py tracking``: the development set, ambiguous judgements left out."""
    return measure(DATA / "corpus" / "tracking", DATA / "gold" / "tracking")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--corpus", type=Path, default=DATA / "corpus" / "tracking")
    ap.add_argument("--gold", type=Path, default=DATA / "gold" / "tracking")
    a = ap.parse_args()
    measure(a.corpus, a.gold, a.misses, a.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
