"""Does Ray start and run here, offline? Startup time, task round trip, per-task overhead, memory.

Run: ``python benchmarks/ray_probe.py [--tasks 2000] [--docs CORPUS --n 60] [--out probe.json]``
(needs ``pip install -e '.[ray]'``). Starts a private local Ray (``num_cpus=2``, no dashboard, no usage
stats, its own short temp dir, a small object store, loopback address) and shuts it down; prints one
JSON object. With ``--docs`` (a folder benchmarks/gen_corpus.py wrote) it also times the real per-document
work (``planwatch.pipeline.process``, no store) serially, in a local pool of 2 processes, and as Ray tasks
with 1 and 2 CPUs, so the Ray overhead can be read against the work. Figures feed docs/scaling.md.
Offline check: ``unshare -rn sh -c 'ip link set lo up; python benchmarks/ray_probe.py'``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Offline/sandbox settings, before ray is imported.
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage-stats report (network) at startup
os.environ.setdefault("RAY_DISABLE_DOCKER_CPU_WARNING", "1")
os.environ.setdefault("RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO", "0")


def rss_tree_mb() -> dict[str, float]:
    """RSS of this process and of every process under it (Ray's raylet, GCS, workers), in MB, from /proc."""
    procs: dict[int, tuple[int, str, float]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        f = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = float(f.get("VmRSS", "0 kB").split()[0]) / 1024
        procs[int(d.name)] = (int(f["PPid"]), f["Name"].strip(), rss)
    mine, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _, _) in procs.items():
            if ppid == parent and pid not in mine:
                mine.add(pid)
                frontier.append(pid)
    out: dict[str, float] = {}
    for pid in mine:
        if pid in procs:
            _, name, rss = procs[pid]
            out[name] = round(out.get(name, 0.0) + rss, 1)
    out["_total"] = round(sum(procs[p][2] for p in mine if p in procs), 1)
    out["_processes"] = len(mine)
    return out


def start_ray(ray, cpus: int, store_mb: int, tmp: str) -> None:
    ray.init(
        num_cpus=cpus,
        num_gpus=0,
        include_dashboard=False,
        object_store_memory=store_mb * 2**20,
        _temp_dir=tmp,
        _node_ip_address="127.0.0.1",  # no outbound route needed to find the node's address
        log_to_driver=False,
        logging_level="ERROR",
    )


def _process(path: str) -> int:
    from planwatch.pipeline import process

    return len(process(Path(path)).statements)


def _process_many(paths: list[str]) -> int:
    return sum(_process(p) for p in paths)


def real_work(ray, files: list[str], store_mb: int) -> dict[str, object]:
    """docs/s of ``process`` (read, structure, extract; no store): serial, local pool, Ray 1 and 2 CPUs
    with one document a task and ten."""
    from concurrent.futures import ProcessPoolExecutor

    out: dict[str, object] = {"documents": len(files)}
    _process(files[0])  # warm the rules and the gazetteer
    t0 = time.perf_counter()
    stmts = sum(_process(f) for f in files)
    dt = time.perf_counter() - t0
    out["serial_docs_per_s"] = round(len(files) / dt, 2)
    out["serial_ms_per_doc"] = round(1000 * dt / len(files), 1)
    out["statements_per_doc"] = round(stmts / len(files), 1)
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_process, files[:2]))
        t0 = time.perf_counter()
        list(pool.map(_process, files, chunksize=1))
        out["local_pool2_docs_per_s"] = round(len(files) / (time.perf_counter() - t0), 2)
    task = ray.remote(_process)
    for cpus in (1, 2):
        tmp = tempfile.mkdtemp(prefix="rp-")
        t0 = time.perf_counter()
        start_ray(ray, cpus, store_mb, tmp)
        init = time.perf_counter() - t0
        ray.get([task.remote(f) for f in files[:cpus]])  # workers up, rules loaded
        t0 = time.perf_counter()
        ray.get([task.remote(f) for f in files])
        out[f"ray{cpus}_docs_per_s"] = round(len(files) / (time.perf_counter() - t0), 2)
        out[f"ray{cpus}_init_s"] = round(init, 2)
        batch = ray.remote(_process_many)
        chunks = [files[i:i + 10] for i in range(0, len(files), 10)]
        t0 = time.perf_counter()
        ray.get([batch.remote(c) for c in chunks])
        out[f"ray{cpus}_batch10_docs_per_s"] = round(len(files) / (time.perf_counter() - t0), 2)
        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--object-store-mb", type=int, default=256)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--docs", type=Path, help="a generated corpus: also time the real per-document work")
    ap.add_argument("--n", type=int, default=60, help="documents of --docs to use")
    args = ap.parse_args()

    t_import = time.perf_counter()
    import ray

    figures: dict[str, object] = {"ray": ray.__version__, "python": sys.version.split()[0],
                                  "import_s": round(time.perf_counter() - t_import, 2)}
    tmp = tempfile.mkdtemp(prefix="rp-")  # short: Ray's socket paths must stay under 107 bytes
    t0 = time.perf_counter()
    start_ray(ray, 2, args.object_store_mb, tmp)
    figures["init_s"] = round(time.perf_counter() - t0, 2)

    @ray.remote
    def noop(x: int) -> int:
        return x

    @ray.remote
    def echo(b: bytes) -> int:
        return len(b)

    t0 = time.perf_counter()
    ray.get(noop.remote(0))
    figures["first_task_s"] = round(time.perf_counter() - t0, 3)  # includes starting a worker process
    ray.get([noop.remote(i) for i in range(20)])  # both workers warm

    lat = []
    for i in range(200):
        t0 = time.perf_counter()
        ray.get(noop.remote(i))
        lat.append(time.perf_counter() - t0)
    lat.sort()
    figures["roundtrip_ms_p50"] = round(1000 * lat[len(lat) // 2], 3)
    figures["roundtrip_ms_p95"] = round(1000 * lat[int(len(lat) * 0.95)], 3)

    t0 = time.perf_counter()
    ray.get([noop.remote(i) for i in range(args.tasks)])
    dt = time.perf_counter() - t0
    figures["batch_tasks"] = args.tasks
    figures["batch_tasks_per_s"] = round(args.tasks / dt, 1)
    figures["per_task_overhead_ms"] = round(1000 * dt / args.tasks, 3)

    # A document-sized argument (50 kB of text, as in the corpus) and a 5 MB one (object store path).
    for size, n in ((50_000, 500), (5_000_000, 20)):
        blob = b"x" * size
        t0 = time.perf_counter()
        ray.get([echo.remote(blob) for _ in range(n)])
        figures[f"arg_{size // 1000}kB_tasks_per_s"] = round(n / (time.perf_counter() - t0), 1)
    ref = ray.put(b"y" * 5_000_000)
    t0 = time.perf_counter()
    ray.get([echo.remote(ref) for _ in range(50)])
    figures["put_ref_5MB_tasks_per_s"] = round(50 / (time.perf_counter() - t0), 1)

    figures["rss_mb_after"] = rss_tree_mb()
    figures["driver_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    t0 = time.perf_counter()
    ray.shutdown()
    figures["shutdown_s"] = round(time.perf_counter() - t0, 2)
    left = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
    figures["temp_dir_left_kB"] = round(left / 1024)  # logs and session files ray.shutdown() keeps
    shutil.rmtree(tmp, ignore_errors=True)
    if args.docs:
        files = [str(p) for p in sorted(args.docs.glob("*/*.txt"))[: args.n]]
        figures["real_work"] = real_work(ray, files, args.object_store_mb)
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
