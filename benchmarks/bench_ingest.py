"""Ingest throughput: documents per second into SQLite and into PostgreSQL.

The corpus: ``PLANWATCH_BENCH_DOCS`` documents (default 1,000) built from the dev
documents (``src/planwatch/samples``), each copy with a unique last line so that
every file has its own hash; or, with ``PLANWATCH_BENCH_CORPUS=FOLDER``, the first
ones ``benchmarks/gen_corpus.py`` wrote there (other regions, years and figures).
``PLANWATCH_BENCH_BACKENDS=sqlite`` skips PostgreSQL. Two figures per backend:

- ``pipeline``: ``planwatch.store.ingest.ingest_paths`` on the files, the whole
  cascade (read, structure, extract, store; one transaction per document) with
  ``PLANWATCH_BENCH_WORKERS`` reading processes (default 2, the machine's cores);
- ``store``: ``repository.save_processed`` alone, on documents processed once,
  to show what the database itself costs.

PostgreSQL: ``PLANWATCH_TEST_PG_URL`` when set, else ``scripts/postgres.sh start``
(stopped afterwards if it started one); each run uses a fresh schema.
Run: ``python benchmarks/bench_ingest.py`` or ``python benchmarks/run.py ingest``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "planwatch" / "samples"
NAME = "ingest"


def build_corpus(folder: Path, total: int) -> list[Path]:
    """``total`` files made from the sample documents, each with a unique last line; or the first
    ``total`` files of ``$PLANWATCH_BENCH_CORPUS`` (a folder benchmarks/gen_corpus.py wrote) when set."""
    given = os.environ.get("PLANWATCH_BENCH_CORPUS")
    if given:
        files = sorted(Path(given).glob("*/*.txt"))[:total]
        if len(files) < total:
            raise SystemExit(f"{given} holds {len(files)} documents, fewer than {total}")
        return files
    sources = sorted(SAMPLES.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out = []
    for i in range(total):
        k = i % len(sources)
        path = folder / f"{i // len(sources):04d}" / f"{sources[k].stem}__{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{texts[k]}\n（基准副本 {i}）\n", encoding="utf-8")
        out.append(path)
    return out


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """``$PLANWATCH_TEST_PG_URL``, else the URL of a server ``scripts/postgres.sh`` starts (and stops)."""
    base = os.environ.get("PLANWATCH_TEST_PG_URL")
    if base:
        yield base.replace("postgresql+psycopg://", "postgresql://", 1)
        return
    script = ROOT / "scripts" / "postgres.sh"
    proc = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"no PostgreSQL: {proc.stderr.strip()}", file=sys.stderr)
        yield None
        return
    started: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        started[key] = shlex.split(value)[0] if value else ""
    try:
        yield started.get("PLANWATCH_TEST_PG_URL")
    finally:
        if started.get("PLANWATCH_PG_STARTED") == "1":
            subprocess.run(["bash", str(script), "stop"], env={**os.environ, "PLANWATCH_PG_STARTED": "1"},
                           check=False)


@contextmanager
def fresh_schema(base: str) -> Iterator[str]:
    """``base`` with a new, empty schema as its search path (dropped afterwards)."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _pipeline(url: str, files: list[Path], workers: int) -> dict[str, Any]:
    from planwatch.store.db import open_store
    from planwatch.store.dump import counts
    from planwatch.store.ingest import ingest_paths

    engine = open_store(url)
    try:
        t0 = time.perf_counter()
        report = ingest_paths(engine, files, workers=workers)
        seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = ingest_paths(engine, files, workers=workers)
        rerun = time.perf_counter() - t0
        rows = counts(engine)
    finally:
        engine.dispose()
    stored = report.counts["new"] + report.counts["updated"]
    return {
        "documents": len(files), "stored": stored, "failed": report.failed,
        "statements": rows["statements"], "seconds": round(seconds, 2),
        "docs_per_s": round(stored / seconds, 2) if seconds else None,
        "unchanged_rerun_docs_per_s": round(again.counts["unchanged"] / rerun, 1) if rerun else None,
        "first_failures": report.failures[:3],
    }


def _store_only(url: str, total: int) -> dict[str, Any]:
    from planwatch.pipeline import process
    from planwatch.store.db import open_store, transaction
    from planwatch.store.repository import save_processed

    done = [process(p) for p in sorted(SAMPLES.glob("*.txt"))]
    engine = open_store(url)
    try:
        t0 = time.perf_counter()
        for i in range(total):
            p = done[i % len(done)]
            doc = replace(p.document, sha256=f"{i:064x}", source=f"/bench/{i}/{p.document.name}")
            with transaction(engine) as s:
                save_processed(s, replace(p, document=doc))
        seconds = time.perf_counter() - t0
    finally:
        engine.dispose()
    return {"documents": total, "seconds": round(seconds, 2), "docs_per_s": round(total / seconds, 2)}


def run() -> dict[str, Any]:
    """Measure and print the figures (``{"skipped": why}`` when the pipeline is not there)."""
    from planwatch.pipeline import REAL

    try:
        REAL.loader(), REAL.analyser(), REAL.extractor()
    except (ImportError, AttributeError) as e:
        return {"skipped": f"pipeline stages not available: {e}"}
    total = int(os.environ.get("PLANWATCH_BENCH_DOCS", "1000"))
    workers = int(os.environ.get("PLANWATCH_BENCH_WORKERS", "2"))
    figures: dict[str, Any] = {"documents": total, "workers": workers}
    with tempfile.TemporaryDirectory(prefix="pw-bench-ingest-") as tmp:
        files = build_corpus(Path(tmp) / "corpus", total)
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        figures["sqlite"] = _pipeline(sqlite_url, files, workers)
        figures["sqlite_store_only"] = _store_only(f"sqlite:///{Path(tmp) / 'store.db'}", total)
        backends = os.environ.get("PLANWATCH_BENCH_BACKENDS", "sqlite,postgres").split(",")
        with postgres_server() if "postgres" in backends else nullcontext(None) as pg:
            if pg is None:
                figures["postgres"] = {"skipped": "no PostgreSQL server" if "postgres" in backends
                                       else "PLANWATCH_BENCH_BACKENDS"}
            else:
                with fresh_schema(pg) as url:
                    figures["postgres"] = _pipeline(url, files, workers)
                with fresh_schema(pg) as url:
                    figures["postgres_store_only"] = _store_only(url, total)
    for key in ("sqlite", "postgres", "sqlite_store_only", "postgres_store_only"):
        value = figures.get(key, {})
        print(f"{key:22s} {value.get('docs_per_s', value.get('skipped'))} docs/s "
              f"({value.get('documents', '-')} docs, {value.get('seconds', '-')} s)")
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
