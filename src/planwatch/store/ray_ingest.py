"""``planwatch ingest --engine ray``: files read in Ray tasks, written by the driver in batches.

The driver discovers and hashes the files (:func:`planwatch.store.ingest.ingest_paths`) and sends
their paths to Ray tasks, :data:`FILES_PER_TASK` at most per task (fewer when there are few files,
so that every CPU gets some). A task reads its files one by one in a stoppable child process
(:func:`planwatch.store.sandbox.run_all`: the same time and memory budgets as the local pool) and
returns each document's rows, or the reason it failed. The driver collects finished tasks with
``ray.wait`` (at most two per CPU in flight) and writes their rows in batches as they arrive. A
task that fails as a whole (its worker died) is sent again one file per task, so that only the file
that kills it is reported failed.

Ray is optional (``pip install 'planwatch[ray]'``) and imported only here, when asked for. Without
an address a private local Ray is started (the machine's cores, no dashboard, loopback only, a
short private temporary folder, a bounded object store) and shut down afterwards; with one, the
driver connects to that cluster and disconnects at the end. A Ray already initialised in this
process (a test's) is used as it is.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from planwatch.store.ingest import Item, Result, Runner, _work
from planwatch.store.sandbox import Stopped, run_all

#: Files per Ray task, at most.
FILES_PER_TASK = 32
#: Tasks in flight per CPU of the cluster.
IN_FLIGHT_PER_CPU = 2
MB = 2**20
INSTALL_HINT = "pip install 'planwatch[ray]'"


class RayUnavailable(RuntimeError):
    """Ray is not installed (the ``ray`` extra)."""


def import_ray() -> Any:
    """The ``ray`` module, usage statistics off; :class:`RayUnavailable` when it is not installed."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable(f"the Ray engine needs Ray: {INSTALL_HINT}") from exc
    return ray


def _object_store_bytes() -> int:
    """256 MB, or half the free space of ``/dev/shm`` when that is less (Ray's minimum is 75 MB)."""
    try:
        st = os.statvfs("/dev/shm")
    except OSError:
        return 256 * MB
    return max(80 * MB, min(256 * MB, st.f_bavail * st.f_frsize // 2))


@contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[Any]:
    """Ray, ready: connected to ``address``, else a private local Ray with ``num_cpus`` CPUs (default:
    the machine's); shut down (or disconnected) on exit unless it was initialised before."""
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    tmp: str | None = None
    if address:
        ray.init(address=address, log_to_driver=False, logging_level="ERROR")
    else:
        tmp = tempfile.mkdtemp(prefix="pwray-")  # short: Ray's socket paths must fit in 107 bytes
        ray.init(num_cpus=num_cpus or os.cpu_count() or 1, num_gpus=0, include_dashboard=False,
                 _node_ip_address="127.0.0.1", _temp_dir=tmp,
                 object_store_memory=_object_store_bytes(), log_to_driver=False,
                 logging_level="ERROR")
    try:
        yield ray
    finally:
        ray.shutdown()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def read_batch(items: list[Item]) -> list[Result]:
    """A Ray task: each file's rows or failure, read in a stoppable child process."""
    return [r.reason if isinstance(r, Stopped) else r for r in run_all(_work, items, workers=1)]


def _task_reason(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"the Ray task died ({type(exc).__name__}{': ' + first if first else ''})"


def ray_runner(ray: Any, files_per_task: int | None = None) -> Runner:
    """A :data:`planwatch.store.ingest.Runner` that reads the files in tasks of the Ray ``ray``."""
    remote = ray.remote(num_cpus=1, max_retries=0)(read_batch)

    def run(items: list[Item]) -> Iterator[list[tuple[int, Result]]]:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        size = files_per_task or max(1, min(FILES_PER_TASK, math.ceil(len(items) / (4 * cpus))))
        chunks = [list(range(i, min(i + size, len(items)))) for i in range(0, len(items), size)]
        chunks.reverse()
        in_flight: dict[Any, list[int]] = {}

        def submit(indexes: list[int]) -> None:
            in_flight[remote.remote([items[i] for i in indexes])] = indexes

        while in_flight or chunks:
            while chunks and len(in_flight) < IN_FLIGHT_PER_CPU * cpus:
                submit(chunks.pop())
            refs = list(in_flight)
            ready, _ = ray.wait(refs, num_returns=1)
            more, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
            out: list[tuple[int, Result]] = []
            for ref in dict.fromkeys([*ready, *more]):
                indexes = in_flight.pop(ref)
                try:
                    results = ray.get(ref)
                except Exception as exc:  # the task as a whole: its worker died
                    if len(indexes) > 1:
                        chunks.extend([i] for i in reversed(indexes))
                    else:
                        out.append((indexes[0], _task_reason(exc)))
                    continue
                out.extend(zip(indexes, results, strict=True))
            if out:
                yield out

    return run
