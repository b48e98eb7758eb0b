"""Tracking at scale (#13): ``planwatch track --all`` over N documents, its peak memory, and the
re-judge after one new document (``planwatch track``: the dirty regions only).

The store is built fast: ``gen_corpus.py`` writes BASE + 1 generated documents, BASE of them are
ingested into SQLite, then copied at the SQL level under new regions (``<region>#k``), names,
hashes and statement ids (texts kept) until N documents. Each timed run is a child process; its
peak RSS is the child's ``ru_maxrss`` (``resource.getrusage(RUSAGE_CHILDREN)``). The held-out
document (a year that is not the latest, so "today" stays) is then ingested and ``planwatch track``
timed: the seconds inside the command (without the interpreter's start) and the regions judged.

    python benchmarks/bench_track_scale.py --base 300 --sizes 1000,3000       # what fits a busy box
    python benchmarks/bench_track_scale.py --base 2000 --sizes 10000,100000   # the issue's figures

Figures go to ``benchmarks/results.json`` under ``"track"`` → ``"scale"`` (``bench_track``'s own
figures stay beside them). Goals: 100,000 documents with peak RSS < 2 GB; one new document
re-judged in < 1 s, touching only its region.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"

CHILD = r"""
import json, sys, time
from planwatch.service import track_all, track_dirty
from planwatch.store.db import open_store
engine = open_store(sys.argv[1])
t0, c0 = time.perf_counter(), time.process_time()
run = (track_all if sys.argv[2] == "all" else track_dirty)(engine)
print(json.dumps({"seconds": round(time.perf_counter() - t0, 3),
                  "cpu_s": round(time.process_time() - c0, 3), "regions": len(run.judged),
                  "judged": run.judged[:5], "targets": run.targets}))
"""


def _child(args: list[str]) -> tuple[dict[str, Any], float, int]:
    """Run ``args`` in a child; its JSON output, wall seconds and peak RSS (MB)."""
    t0 = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # max over children so far
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), wall, rss


def _peak(db: str, mode: str) -> dict[str, Any]:
    """One run in a fresh grandchild, so the peak RSS is this run's own."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)\n"
        "print(p.stdout.strip().splitlines()[-1][:-1] + ', \"peak_rss_mb\": %d}' % "
        "(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))\n"
    )
    got, wall, _ = _child([sys.executable, "-c", wrapper, sys.executable, "-c", CHILD, db, mode])
    return {**got, "wall_s": round(wall, 2)}


def build_base(work: Path, base: int, seed: int) -> tuple[Path, Path]:
    """Generate BASE + 1 documents, ingest BASE of them; the held-out one's path."""
    corpus, db = work / "corpus", work / "base.db"
    if not (corpus / "manifest.jsonl").exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--n", str(base + 1), "--out",
                        str(corpus), "--seed", str(seed)], check=True)
    rows = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text("utf-8").splitlines() if x]
    latest = max(r["year"] for r in rows)
    held = next(r for r in reversed(rows) if r["year"] < latest)
    files = [corpus / r["file"] for r in rows if r is not held][:base]
    if not db.exists():
        from planwatch.store.db import open_store
        from planwatch.store.ingest import ingest_paths

        t0 = time.perf_counter()
        engine = open_store(f"sqlite:///{db}")
        report = ingest_paths(engine, files, workers=2)
        engine.dispose()
        print(f"  ingested {dict(report.counts)} in {time.perf_counter() - t0:.0f} s")
    return db, corpus / held["file"]


def clone(base_db: Path, out: Path, total: int) -> dict[str, int]:
    """Copy ``base_db`` to ``out`` and its current documents under new regions up to ``total``."""
    shutil.copy(base_db, out)
    con = sqlite3.connect(out)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    n = con.execute("SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL").fetchone()[0]
    have, k = n, 0
    while have < total:
        k += 1
        take = min(n, total - have)
        tag = f"#{k}"
        with con:
            con.execute("CREATE TEMP TABLE IF NOT EXISTS pick(sha TEXT PRIMARY KEY)")
            con.execute("DELETE FROM pick")
            con.execute("INSERT INTO pick SELECT sha256 FROM documents WHERE superseded_by IS NULL "
                        "AND sha256 NOT LIKE '%#%' ORDER BY name LIMIT ?", (take,))
            con.execute("INSERT OR IGNORE INTO regions (name, parent, level, adcode) "
                        "SELECT DISTINCT d.region || ?, NULL, r.level, NULL FROM documents d "
                        "JOIN regions r ON r.name = d.region JOIN pick ON pick.sha = d.sha256", (tag,))
            cols = [c[1] for c in con.execute("PRAGMA table_info(documents)")]
            new = {"sha256": "substr(sha256, 1, 64 - length(:t)) || :t", "name": ":p || name",
                   "source": ":p || source", "region": "CASE WHEN region IS NULL THEN NULL "
                   "ELSE region || :t END"}
            sel = ", ".join(new.get(c, c) for c in cols)
            params = {"t": tag, "p": f"k{k}_"}
            con.execute(f"INSERT INTO documents ({', '.join(cols)}) SELECT {sel} FROM documents "
                        "WHERE sha256 IN (SELECT sha FROM pick)", params)
            con.execute("INSERT INTO document_text (sha256, text, analysis) SELECT "
                        "substr(sha256, 1, 64 - length(:t)) || :t, text, analysis FROM document_text "
                        "WHERE sha256 IN (SELECT sha FROM pick)", params)
            scols = [c[1] for c in con.execute("PRAGMA table_info(statements)")]
            snew = {"id": "substr(id, 1, 40 - length(:t)) || :t",
                    "doc_sha": "substr(doc_sha, 1, 64 - length(:t)) || :t", "doc": ":p || doc"}
            ssel = ", ".join(snew.get(c, c) for c in scols)
            con.execute(f"INSERT INTO statements ({', '.join(scols)}) SELECT {ssel} FROM statements "
                        "WHERE doc_sha IN (SELECT sha FROM pick)", params)
        have += take
    stats = {"documents": have,
             "statements": con.execute("SELECT COUNT(*) FROM statements").fetchone()[0],
             "regions": con.execute("SELECT COUNT(DISTINCT region) FROM documents").fetchone()[0]}
    con.close()
    return stats


def measure(work: Path, base: int, sizes: list[int], seed: int) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    base_db, held = build_base(work, base, seed)
    out: dict[str, Any] = {"base_documents": base, "runs": {}}
    for size in sizes:
        db_path = work / f"s{size}.db"
        t0 = time.perf_counter()
        stats = clone(base_db, db_path, size)
        url = f"sqlite:///{db_path}"
        print(f"  {size}: built {stats} in {time.perf_counter() - t0:.0f} s", flush=True)
        full = _peak(url, "all")
        print(f"  {size}: track --all {full}", flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from planwatch.cli import main; main()", "ingest", "--db", url,
                        str(held)], check=True, capture_output=True)
        ingest_s = time.perf_counter() - t0
        one = _peak(url, "dirty")
        print(f"  {size}: one new document: ingest {ingest_s:.1f} s, track {one}", flush=True)
        out["runs"][str(size)] = {**stats, "track_all": full,
                                  "one_document": {"ingest_wall_s": round(ingest_s, 2), "track": one}}
        db_path.unlink()
        for extra in ("-wal", "-shm"):
            Path(f"{db_path}{extra}").unlink(missing_ok=True)
    return out


def save(figures: dict[str, Any]) -> None:
    import os
    import platform

    results: dict[str, Any] = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    entry = results.setdefault("track", {})
    entry["scale"] = {"when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                      "figures": figures}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=2000, help="generated documents ingested")
    ap.add_argument("--sizes", default="10000,100000", help="store sizes (documents), comma-separated")
    ap.add_argument("--work", type=Path, default=Path("/tmp/pw-track-scale"))
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    figures = measure(a.work, a.base, [int(x) for x in a.sizes.split(",")], a.seed)
    save(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
