"""Reading files in worker processes that can be stopped.

:func:`run_all` calls ``fn(item)`` for each item in a pool of worker processes and yields the
results in input order. A call that runs past ``seconds`` has its worker killed (SIGKILL) and comes
back as a :class:`Stopped` with the reason; a worker that dies (out of memory, a crash in a C
library) likewise; a fresh worker takes its place and the batch goes on. Each worker's address
space may grow by at most ``PLANWATCH_PARSE_MEMORY`` past what it inherited, so a file that
needs more fails with MemoryError in its worker instead of driving the machine into swap, and
each worker dies with its parent
(``PR_SET_PDEATHSIG`` on Linux): killing ``planwatch ingest -j 2`` leaves no worker running.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from planwatch.ingest.limits import LIMITS, limit

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Stopped:
    """A call that did not finish: its worker ran out of time or died; ``code`` is the budget."""

    reason: str
    code: str


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _address_space() -> int:
    """This process's virtual size in bytes (0 when unknown)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in open("/proc/self/status", encoding="ascii"):  # noqa: SIM115 - closed at exit
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _cap_memory(limit_bytes: int) -> None:
    """Let the worker allocate at most ``limit_bytes`` more than what it inherited at the fork."""
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space() + limit_bytes
        cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _serve(conn: Connection, parent: int, memory: int, fn: Callable[[Any], Any], items: list[Any]) -> None:
    """A worker's loop: receive an index, send back ``fn(items[index])``, until told to stop.

    ``fn`` and ``items`` come with the fork (nothing of them is pickled: local test fakes work).
    """
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _cap_memory(memory)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result: Any = fn(items[task])
        except MemoryError:
            result = Stopped(_memory_reason(), "memory")
        except Exception as exc:  # ``fn`` should return its failures; an escaped one is still the file's
            result = Stopped(f"{type(exc).__name__}: {exc}", "error")
        try:
            conn.send(result)
        except MemoryError:
            conn.send(Stopped(_memory_reason(), "memory"))


def _memory_reason() -> str:
    spec = LIMITS["memory"]
    return f"reading the file needed more than {spec.show()} of memory (limit {spec.env})"


def _time_reason(seconds: int) -> str:
    return f"reading the file took longer than {seconds} s (limit {LIMITS['seconds'].env})"


class _Worker:
    def __init__(self, ctx: Any, memory: int, fn: Callable[[Any], Any], items: list[Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid(), memory, fn, items), daemon=True)
        self.proc.start()
        child.close()
        self.index: int | None = None
        self.deadline = 0.0

    def give(self, index: int, seconds: int) -> None:
        self.index = index
        self.deadline = time.monotonic() + seconds
        self.conn.send(index)

    def stop(self, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def run_all(
    fn: Callable[[Any], Any], items: Iterable[Any], *, workers: int = 1, seconds: int | None = None
) -> Generator[Any, None, None]:
    """``fn(item)`` for each item in worker processes, in input order; a stopped call is :class:`Stopped`."""
    todo = list(items)
    if not todo:
        return
    seconds = seconds or limit("seconds")
    memory = limit("memory")
    ctx = _context()
    pool = [_Worker(ctx, memory, fn, todo) for _ in range(max(1, min(workers, len(todo))))]
    results: dict[int, Any] = {}
    queue = list(reversed(range(len(todo))))
    nxt = 0
    try:
        while nxt < len(todo):
            for w in pool:
                if w.index is None and queue:
                    w.give(queue.pop(), seconds)
            busy = [w for w in pool if w.index is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            for k, w in enumerate(pool):
                index = w.index
                if index is None:
                    continue
                if w.conn in ready:
                    try:
                        results[index] = w.conn.recv()
                        w.index = None
                        continue
                    except (EOFError, OSError):
                        results[index] = Stopped(_died_reason(w, w.proc.exitcode), "memory")
                elif time.monotonic() >= w.deadline:
                    results[index] = Stopped(_time_reason(seconds), "seconds")
                else:
                    continue
                w.stop(kill=True)  # dead or out of time: a fresh worker takes its place
                pool[k] = _Worker(ctx, memory, fn, todo)
            while nxt in results:
                yield results.pop(nxt)
                nxt += 1
    finally:
        for w in pool:
            w.stop(kill=w.index is not None)


def _died_reason(w: _Worker, code: int | None) -> str:
    w.proc.join(1)
    code = w.proc.exitcode if code is None else code
    if code is not None and code < 0 and -code == signal.SIGKILL:
        return "the reading process was killed (out of memory?)"
    return f"the reading process died (exit code {code})"
