"""Ingest engines compared: the local pool (1 and 2 workers) and Ray (1 and 2 CPUs), SQLite and PostgreSQL.

The corpus: the first ``PLANWATCH_BENCH_DOCS`` (default 1,000) documents of ``PLANWATCH_BENCH_CORPUS``
(a folder ``benchmarks/gen_corpus.py`` wrote), else generated into a temporary folder with
``gen_corpus.py --n N --seed 1``. ``PLANWATCH_BENCH_BACKENDS`` (default ``sqlite,postgres``;
``sqlite_nofts``: SQLite without the full-text triggers of migration 0006, to show what they cost) and
``PLANWATCH_BENCH_MODES`` (default ``local1,local2,ray1,ray2``; per backend:
``PLANWATCH_BENCH_MODES_POSTGRES`` …) choose what runs. Every run ingests
all documents into a fresh store with :func:`planwatch.store.ingest.ingest_paths` (the default
batching writer); Ray's start is timed apart and not counted in docs/s. Then the parts of one
document's cost, to say where the time goes:

- ``read_ms``: stages 1-3 and the rows (:func:`planwatch.store.bulk.rows_of`), one process, CPU;
- ``write_ms`` / ``write_row_ms``: :func:`planwatch.store.ingest.save_batch` of prepared rows in
  batches of 64 (per document, per inserted row);
- ``ray_task_ms``: wall time per Ray task of a trivial function, 500 in flight (driver overhead).

The figures go into ``benchmarks/results.json`` under ``"ingest"`` → ``"figures"`` → ``"engines"``,
with the load average before and after.
Run: ``python benchmarks/bench_scale_ingest.py`` (``PLANWATCH_TEST_PG_URL`` or scripts/postgres.sh).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_ingest import fresh_schema, postgres_server  # noqa: E402

RESULTS = HERE / "results.json"


def _corpus(tmp: Path, n: int) -> list[Path]:
    given = os.environ.get("PLANWATCH_BENCH_CORPUS")
    folder = Path(given) if given else tmp / "corpus"
    if not given:
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--n", str(n), "--out", str(folder),
                        "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    files = sorted(folder.glob("*/*.txt"))[:n]
    if len(files) < n:
        raise SystemExit(f"{folder} holds {len(files)} documents, fewer than {n}")
    return files


def _open(url: str) -> Any:
    """The store at ``url``; ``#nofts`` at its end: a SQLite store without the full-text triggers (to
    show what the index costs; search would then need ``search_index.catch_up``)."""
    from sqlalchemy import text

    from planwatch.store.db import open_store

    engine = open_store(url.removesuffix("#nofts"))
    if url.endswith("#nofts"):
        with engine.begin() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                      "AND name LIKE '%fts%'")).scalars().all()
            for name in names:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
    return engine


def _ingest(url: str, files: list[Path], mode: str) -> dict[str, Any]:
    from planwatch.store.dump import counts
    from planwatch.store.ingest import ingest_paths

    engine = _open(url)
    load = os.getloadavg()[0]
    try:
        if mode.startswith("ray"):
            from planwatch.store.ray_ingest import ray_runner, ray_session

            t0 = time.perf_counter()
            with ray_session(num_cpus=int(mode[3:])) as ray:
                start = time.perf_counter() - t0
                t0 = time.perf_counter()
                report = ingest_paths(engine, files, runner=ray_runner(ray))
                seconds = time.perf_counter() - t0
            extra: dict[str, Any] = {"ray_start_s": round(start, 2),
                                     "ray_total_s": round(time.perf_counter() - t0 + start, 2)}
        else:
            t0 = time.perf_counter()
            report = ingest_paths(engine, files, workers=int(mode[5:]))
            seconds = time.perf_counter() - t0
            extra = {}
        rows = counts(engine)
    finally:
        engine.dispose()
    stored = report.counts["new"] + report.counts["updated"]
    out = {"stored": stored, "failed": report.failed, "statements": rows["statements"],
           "seconds": round(seconds, 2), "docs_per_s": round(stored / seconds, 1),
           "load_avg_1m_before": round(load, 2), **extra}
    print(f"  {mode:7s} {out['docs_per_s']:7.1f} docs/s  {seconds:6.1f} s  load {load:.1f}  {extra}",
          flush=True)
    return out


def _parts(url: str, files: list[Path]) -> dict[str, Any]:
    """CPU of reading one document; wall time of writing one in batches of 64; rows per document."""
    from planwatch.pipeline import process
    from planwatch.store.bulk import rows_of
    from planwatch.store.ingest import save_batch

    sample = files[:: max(1, len(files) // 128)][:128]
    t0 = time.process_time()
    rows = [rows_of(process(p)) for p in sample]
    read_ms = (time.process_time() - t0) / len(sample) * 1000
    engine = _open(url)
    try:
        t0 = time.perf_counter()
        for i in range(0, len(rows), 64):
            save_batch(engine, rows[i:i + 64])
        write = time.perf_counter() - t0
    finally:
        engine.dispose()
    n_rows = sum(2 + len(r.sections) + len(r.statements) + len(r.names) for r in rows)
    return {"documents": len(rows), "read_ms": round(read_ms, 2),
            "write_ms": round(write / len(rows) * 1000, 2),
            "write_row_ms": round(write / n_rows * 1000, 4), "rows_per_doc": round(n_rows / len(rows), 1)}


def _ray_task_ms() -> float:
    from planwatch.store.ray_ingest import ray_session

    with ray_session(num_cpus=2) as ray:
        noop = ray.remote(num_cpus=1)(lambda: None)
        ray.get([noop.remote() for _ in range(20)])
        t0 = time.perf_counter()
        ray.get([noop.remote() for _ in range(500)])
        return round((time.perf_counter() - t0) / 500 * 1000, 3)


def run() -> dict[str, Any]:
    n = int(os.environ.get("PLANWATCH_BENCH_DOCS", "1000"))
    backends = os.environ.get("PLANWATCH_BENCH_BACKENDS", "sqlite,postgres").split(",")
    all_modes = os.environ.get("PLANWATCH_BENCH_MODES", "local1,local2,ray1,ray2")
    figures: dict[str, Any] = {"documents": n, "cpus": os.cpu_count(),
                               "load_avg_before": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="pw-scale-") as tmp:
        files = _corpus(Path(tmp), n)
        for backend in backends:
            print(f"{backend}:", flush=True)
            runs: dict[str, Any] = {}
            modes = os.environ.get(f"PLANWATCH_BENCH_MODES_{backend.upper()}", all_modes).split(",")
            if backend.startswith("sqlite"):
                tail = "#nofts" if backend == "sqlite_nofts" else ""
                for mode in modes:
                    runs[mode] = _ingest(f"sqlite:///{Path(tmp) / f'{backend}-{mode}.db'}{tail}", files, mode)
                runs["parts"] = _parts(f"sqlite:///{Path(tmp) / f'{backend}-parts.db'}{tail}", files)
            else:
                with postgres_server() as pg:
                    if pg is None:
                        figures[backend] = {"skipped": "no PostgreSQL server"}
                        continue
                    for mode in modes:
                        with fresh_schema(pg) as url:
                            runs[mode] = _ingest(url, files, mode)
                    with fresh_schema(pg) as url:
                        runs["parts"] = _parts(url, files)
            base = runs.get("local1", {}).get("docs_per_s")
            if base:
                runs["ratios_to_local1"] = {m: round(runs[m]["docs_per_s"] / base, 2)
                                            for m in modes if m in runs}
            runs["best_seconds"] = min(runs[m]["seconds"] for m in modes if m in runs)
            print(f"  parts {runs['parts']}  ratios {runs.get('ratios_to_local1')}", flush=True)
            figures[backend] = runs
    figures["ray_task_ms"] = _ray_task_ms()
    figures["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def save(figures: dict[str, Any]) -> None:
    """Merge ``figures`` into results.json as ``ingest.figures.engines``."""
    results: dict[str, Any] = {}
    if RESULTS.exists():
        try:
            results = json.loads(RESULTS.read_text(encoding="utf-8"))
        except ValueError:
            results = {}
    entry = results.setdefault("ingest", {})
    entry.setdefault("figures", {})["engines"] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **figures}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    result = run()
    save(result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
