"""Run PlanWatch's benchmarks: ``python benchmarks/run.py [NAME...]`` (all when no name is given).

Each benchmark is a module ``benchmarks/bench_<name>.py`` with ``run() -> dict`` that
prints its figures and returns them (``{"skipped": why}`` when it cannot run). Register
a new one by adding its name to ``BENCHMARKS``. The figures are merged into
``benchmarks/results.json`` (one entry per benchmark, with when and where it ran).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"

#: Registered benchmarks, run in this order.
BENCHMARKS: list[str] = ["extract", "ingest", "serve", "track", "tracking", "load"]


def _machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}


def run_one(name: str) -> dict[str, Any]:
    """Import ``bench_<name>`` and run it; an exception becomes ``{"error": ...}``."""
    try:
        module = importlib.import_module(f"bench_{name}")
        figures: dict[str, Any] = module.run()
    except Exception as e:  # a broken benchmark must not hide the others
        traceback.print_exc()
        return {"error": f"{type(e).__name__}: {e}"}
    return figures


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        print("benchmarks:", " ".join(BENCHMARKS))
        return 0
    unknown = [a for a in argv if a not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {BENCHMARKS}", file=sys.stderr)
        return 2
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    results: dict[str, Any] = {}
    if RESULTS.exists():
        try:
            results = json.loads(RESULTS.read_text(encoding="utf-8"))
        except ValueError:
            results = {}
    failed = False
    for name in dict.fromkeys(argv or BENCHMARKS):
        print(f"== {name}", flush=True)
        figures = run_one(name)
        failed |= "error" in figures
        results[name] = {**results.get(name, {}),  # other keys (``track`` → ``scale``) stay
                         "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": _machine(),
                         "figures": figures}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
