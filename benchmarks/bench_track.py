"""Tracking time: ``planwatch track`` (``service.track_store``) over the 1,000-document benchmark store.

The store is the one ``bench_serve`` builds (the bundled samples stored, then copied under new names
up to ``PLANWATCH_BENCH_DOCS`` documents, default 1,000, SQLite in a temp folder). Timed: one whole
``track_store`` (load statements and texts, link, judge, save). Goal: under 30 s.

Run: ``python benchmarks/bench_track.py`` or ``python benchmarks/run.py track``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_serve import build_store

NAME = "track"
DOCS = int(os.environ.get("PLANWATCH_BENCH_DOCS", "1000"))
GOAL_S = 30.0


def run() -> dict[str, Any]:
    from planwatch.service import track_store
    from planwatch.store.db import open_store, transaction

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        held = build_store(url, DOCS)
        engine = open_store(url)
        t0 = time.perf_counter()
        with transaction(engine) as s:
            judged = track_store(s)
        seconds = time.perf_counter() - t0
        engine.dispose()
    counts: dict[str, int] = {}
    for j in judged:
        counts[j.status] = counts.get(j.status, 0) + 1
    out = {"documents": held["documents"], "statements": held["statements"], "targets": len(judged),
           "seconds": round(seconds, 2), "goal_s": GOAL_S, "statuses": counts}
    print(f"  track over {held['documents']} documents ({len(judged)} targets): {seconds:.1f} s "
          f"(goal < {GOAL_S:.0f} s)")
    return out


if __name__ == "__main__":
    run()
