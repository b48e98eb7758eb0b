"""What one stored document costs: ms per document and per statement row of ``repository.save_processed``
(one transaction per document, as ``planwatch ingest`` does) against the CPU time of processing it.

Run: ``python benchmarks/store_cost.py CORPUS [--n 150] [--db URL]`` with a folder benchmarks/gen_corpus.py
wrote (default store: a fresh SQLite file). Prints one JSON object; docs/scaling.md reads its figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    from planwatch.pipeline import process
    from planwatch.store.db import open_store, transaction
    from planwatch.store.dump import counts
    from planwatch.store.repository import save_processed

    files = sorted(args.corpus.glob("*/*.txt"))[: args.n]
    process(files[0])  # rules, gazetteer
    t0 = time.process_time()
    done = [process(f) for f in files]
    cpu_process = (time.process_time() - t0) / len(files)
    with tempfile.TemporaryDirectory(prefix="pw-store-cost-") as tmp:
        engine = open_store(args.db or f"sqlite:///{Path(tmp) / 'cost.db'}")
        try:
            walls = []
            t_cpu = time.process_time()
            for p in done:
                t0 = time.perf_counter()
                with transaction(engine) as s:
                    save_processed(s, p)
                walls.append(time.perf_counter() - t0)
            cpu_store = (time.process_time() - t_cpu) / len(done)
            rows = counts(engine)
        finally:
            engine.dispose()
    stmts = sum(len(p.statements) for p in done)
    chars = sum(len(p.document.text) for p in done)
    total = sum(walls)
    out = {
        "documents": len(done), "chars_per_doc": round(chars / len(done)),
        "statements_per_doc": round(stmts / len(done), 1),
        "rows": rows,
        "process_cpu_ms_per_doc": round(1000 * cpu_process, 1),
        "store_wall_ms_per_doc_median": round(1000 * statistics.median(walls), 1),
        "store_wall_ms_per_doc_mean": round(1000 * total / len(done), 1),
        "store_cpu_ms_per_doc": round(1000 * cpu_store, 1),
        "store_ms_per_statement": round(1000 * total / stmts, 3),
        "store_docs_per_s": round(len(done) / total, 1),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
