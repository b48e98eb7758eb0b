"""The dashboard under load, with and without an ingest running into the same store.

The store (SQLite, a temp file, or ``PLANWATCH_BENCH_LOAD_URL``): the real corpus
(``tests/data/corpus``: dev, extra, tracking) through the real pipeline, judged, and copies up to
``PLANWATCH_BENCH_LOAD_DOCS`` documents (default 150; see ``_loadstore.py``). The app is served by
uvicorn on 127.0.0.1 (one process). ``PLANWATCH_BENCH_LOAD_CLIENTS`` clients (default 50; a bounded
async httpx loop on loopback) request the pages, the API, the review queue and exports in turn, for
``PLANWATCH_BENCH_LOAD_SECONDS`` seconds per phase (default 30) and at most ``MAX_REQUESTS`` requests:

1. ``idle``: nothing else runs;
2. ``ingest``: a ``planwatch ingest`` subprocess stores another folder of corpus copies into the
   same store meanwhile (the phase ends early if the ingest finishes; it is stopped at the end).

Per endpoint group and phase: p50/p95 latency, the error rate (5xx and failed requests) and the
503s (saturation answers). Target: with an ingest running, the dashboard pages' p95 within 3x of
their idle p95, and no request answered 500.

Run: ``python benchmarks/run.py load`` (or ``python benchmarks/bench_load.py``).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _loadstore import build_store, ingest_folder
from _server import ServerDidNotStart, serving

NAME = "load"
DOCS = int(os.environ.get("PLANWATCH_BENCH_LOAD_DOCS", "150"))
CLIENTS = int(os.environ.get("PLANWATCH_BENCH_LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("PLANWATCH_BENCH_LOAD_SECONDS", "30"))
INGEST_FILES = int(os.environ.get("PLANWATCH_BENCH_LOAD_INGEST", "120"))
MAX_REQUESTS = 20_000
TIMEOUT = 120.0
RATIO_GOAL = 3.0


def endpoints(base: str) -> list[tuple[str, str]]:
    """(group, path) of the pages and API calls the clients make, with real keys from the store."""
    import httpx

    docs = httpx.get(base + "/api/documents", params={"limit": 1000}, timeout=60).json()["items"]
    doc = max(docs, key=lambda d: d["statements"])["sha256"]
    regions = [r for r in httpx.get(base + "/api/regions", timeout=60).json() if r["documents"]]
    region = quote(max(regions, key=lambda r: (sum(r["targets"].values()), r["documents"]))["name"])
    return [
        ("page", "/"),
        ("page", f"/regions/{region}"),
        ("page", f"/documents/{doc}"),
        ("page", "/indicators/gdp_growth"),
        ("page", "/search?q=" + quote("高新技术企业")),
        ("api", "/api/documents"),
        ("api", "/api/statements?kind=target&limit=50"),
        ("api", f"/api/targets?region={region}"),
        ("api", "/api/regions"),
        ("api", "/api/indicators/gdp_growth/series"),
        ("review", "/api/review/queue?limit=1"),
        ("review", "/api/review/queue"),
        ("export", f"/api/statements.csv?doc={doc}"),
        ("export", "/api/statements.csv?period=1900"),  # matches nothing
        ("export", f"/api/targets.xlsx?region={region}"),
    ]


async def _load(base: str, paths: list[tuple[str, str]], seconds: float,
                running: subprocess.Popen[bytes] | None) -> dict[str, Any]:
    import httpx

    samples: dict[str, list[float]] = {g: [] for g, _ in paths}
    errors = dict.fromkeys(samples, 0)
    busy = dict.fromkeys(samples, 0)
    budget = [MAX_REQUESTS]
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        i = n
        while time.monotonic() < deadline and budget[0] > 0:
            if running is not None and running.poll() is not None:
                return
            budget[0] -= 1
            group, path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                resp = await http.get(path)
                status = resp.status_code
            except httpx.HTTPError:
                status = 599
            samples[group].append((time.perf_counter() - t0) * 1000)
            errors[group] += status >= 500 and status != 503
            busy[group] += status == 503

    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as http:
        t0 = time.monotonic()
        await asyncio.gather(*(client(n, http) for n in range(CLIENTS)))
        elapsed = time.monotonic() - t0
    out: dict[str, Any] = {"seconds": round(elapsed, 1)}
    for group, times in samples.items():
        if not times:
            continue
        q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
        out[group] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(q[94], 1),
                      "requests": len(times), "error_rate": round(errors[group] / len(times), 4),
                      "errors_5xx": errors[group], "busy_503": busy[group]}
    return out


def _print(phase: str, figures: dict[str, Any]) -> None:
    for group, m in figures.items():
        if isinstance(m, dict):
            print(f"  {phase:7s} {group:7s} p50 {m['p50_ms']:8.1f} ms  p95 {m['p95_ms']:8.1f} ms"
                  f"  n {m['requests']:5d}  5xx {m['errors_5xx']}  503 {m['busy_503']}")


def _ingest(url: str, folder: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("planwatch")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "planwatch.cli"]
    return subprocess.Popen([*command, "ingest", str(folder), "--db", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _documents(url: str) -> int:
    from sqlalchemy import func, select

    from planwatch.store.db import open_store
    from planwatch.store.schema import DocumentRow

    engine = open_store(url)
    with engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one())
    engine.dispose()
    return n


def run() -> dict[str, Any]:
    """Build the store, serve it, load it idle and during an ingest; print and return the figures."""
    try:
        import httpx  # noqa: F401
    except ImportError as err:
        return {"skipped": f"httpx missing: {err}"}
    with tempfile.TemporaryDirectory(prefix="pw-bench-load-") as tmp:
        url = os.environ.get("PLANWATCH_BENCH_LOAD_URL") or f"sqlite:///{Path(tmp) / 'store.db'}"
        t0 = time.perf_counter()
        held = build_store(url, DOCS)
        print(f"  store: {held} in {time.perf_counter() - t0:.1f} s")
        ingest_folder(Path(tmp) / "incoming", INGEST_FILES)
        try:
            with serving(url, Path(tmp) / "up", wait=120, poll=0.3, probe_timeout=5) as (base, _):
                return _phases(base, url, Path(tmp) / "incoming", held)
        except ServerDidNotStart:
            return {"error": "server did not start"}


def _phases(base: str, url: str, incoming: Path, held: dict[str, Any]) -> dict[str, Any]:
    paths = endpoints(base)
    asyncio.run(_load(base, paths, 3, None))  # warm-up
    idle = asyncio.run(_load(base, paths, SECONDS, None))
    _print("idle", idle)
    before = _documents(url)
    proc = _ingest(url, incoming)
    try:
        busy = asyncio.run(_load(base, paths, SECONDS, proc))
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=30)
    stored = _documents(url) - before
    _print("ingest", busy)
    ratio = round(busy["page"]["p95_ms"] / max(idle["page"]["p95_ms"], 1e-9), 2)
    five = sum(m["errors_5xx"] for phase in (idle, busy) for m in phase.values() if isinstance(m, dict))
    figures = {"store": held, "clients": CLIENTS, "seconds_per_phase": SECONDS, "idle": idle,
               "with_ingest": {**busy, "documents_stored_meanwhile": stored},
               "page_p95_ratio": ratio, "errors_5xx": five,
               "meets_goal": ratio <= RATIO_GOAL and five == 0,
               "load_average_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}
    print(f"  dashboard p95 with ingest / idle: {ratio} (goal <= {RATIO_GOAL}); 5xx: {five};"
          f" {stored} documents stored during the load")
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    run()
