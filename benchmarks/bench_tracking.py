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

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PW = [sys.executable, "-c", "from planwatch.cli import main; main()"]


def run(args: list[str], db: str) -> str:
    out = subprocess.run([*PW, *args, "--db", db], check=True, capture_output=True, text=True)
    return out.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--corpus", type=Path, default=DATA / "corpus" / "tracking")
    ap.add_argument("--gold", type=Path, default=DATA / "gold" / "tracking")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/t.db"
        run(["ingest", str(a.corpus)], db)
        run(["track"], db)
        pred = Path(tmp) / "targets.jsonl"
        pred.write_text(run(["targets", "--format", "jsonl"], db), encoding="utf-8")
        cmd = [sys.executable, str(DATA / "tools_tracking.py"), "score", str(a.gold), str(pred),
               "--misses", str(a.misses), *(["--all"] if a.all else [])]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    print(out)
    body = out[out.index("{"):]
    result = json.loads(body)
    print("| pair | agree |")
    print("|---|---|")
    for doc, frac in result["per_doc"].items():
        print(f"| {doc} | {frac} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
