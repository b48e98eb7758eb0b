"""EXPLAIN ANALYZE of every SQL statement the dashboard pages and API of ``bench_serve`` run.

The app runs in-process over the store at ``--url`` (the 100,000-document store of ``big_store.py``
by default); every statement executed while each endpoint is requested is recorded with its
parameters, then run again under ``EXPLAIN (ANALYZE, BUFFERS)`` (PostgreSQL) or ``EXPLAIN QUERY PLAN``
(SQLite). Prints, per endpoint, each statement's time and the plan's index/scan lines, the slowest
first; ``--out`` writes the full plans.

Run::

    python benchmarks/explain_serve.py --out docs/scaling-measurements/explain-100k-pg.txt
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def endpoints(get: Any) -> dict[str, str]:
    from bench_serve import endpoints as bench_endpoints

    class Resp:
        def __init__(self, r: Any) -> None:
            self.r = r

        def json(self) -> Any:
            return self.r.json()

    import httpx

    real = httpx.get
    httpx.get = lambda url, params=None, timeout=None: Resp(get(url, params=params))  # type: ignore[assignment]
    try:
        return bench_endpoints("")
    finally:
        httpx.get = real  # type: ignore[assignment]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--only", default="", help="a substring of the endpoint labels to explain")
    args = ap.parse_args()
    from fastapi.testclient import TestClient
    from sqlalchemy import Engine, event

    from planwatch.serve.app import create_app

    url = args.url
    if not url:
        from big_store import pg_url

        url = pg_url(Path("/tmp/pw-big"))
    recorded: list[tuple[str, Any]] = []
    recording = [False]

    @event.listens_for(Engine, "before_cursor_execute")
    def _record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if recording[0] and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            recorded.append((statement, parameters))

    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, TestClient(create_app(url, upload_dir=Path(tmp))) as c:
        paths = endpoints(lambda u, params=None: c.get(u, params=params))
        engine = c.app.state.engine if hasattr(c.app.state, "engine") else None
        for label, path in paths.items():
            if args.only and args.only not in label:
                continue
            recorded.clear()
            recording[0] = True
            t0 = time.perf_counter()
            status = c.get(path).status_code
            wall = (time.perf_counter() - t0) * 1000
            recording[0] = False
            lines = [f"== {label}  {path[:90]}  HTTP {status}  {wall:.0f} ms, {len(recorded)} statements"]
            plans = []
            for statement, params in list(recorded):
                plans.append(_explain(engine, url, statement, params))
            plans.sort(key=lambda p: -p[0])
            for ms, sql, plan in plans:
                lines.append(f"  {ms:9.1f} ms  {' '.join(sql.split())[:160]}")
                lines += [f"      {x}" for x in plan if re.search(r"Scan|Sort|Limit|Join|Loop|rows=", x)][:12]
            print("\n".join(lines[:1] + lines[1:6]), flush=True)
            out += [*lines, ""]
    if args.out:
        args.out.write_text("\n".join(out) + "\n", encoding="utf-8")


def _explain(engine: Any, url: str, statement: str, params: Any) -> tuple[float, str, list[str]]:
    from sqlalchemy import create_engine

    eng = engine or create_engine(url)
    raw = eng.raw_connection()
    try:
        cur = raw.cursor()
        postgres = eng.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        t0 = time.perf_counter()
        cur.execute(prefix + statement, params)
        rows = cur.fetchall()
        ms = (time.perf_counter() - t0) * 1000
        plan = [str(r[0]) if postgres else str(r[-1]) for r in rows]
        if postgres:
            for line in plan:
                m = re.search(r"Execution Time: ([0-9.]+) ms", line)
                if m:
                    ms = float(m.group(1))
        raw.rollback()
        return ms, statement, plan
    finally:
        raw.close()


if __name__ == "__main__":
    main()
