"""Timing shared by every benchmark and the peer's half (standard library only: runs in .venv-peer too)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any, NamedTuple

#: Timed runs per measurement; the median is reported.
RUNS = 7


class Timing(NamedTuple):
    """Wall-clock median and all wall times (seconds); CPU-time median of this process, for noisy machines."""

    median: float
    times: list[float]
    cpu_median: float


def median_seconds(fn: Callable[[], Any], runs: int = RUNS, warmup: int = 1) -> Timing:
    """Median wall time of ``runs`` calls of ``fn`` after ``warmup`` untimed calls, and the CPU median."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Timing(statistics.median(times), times, statistics.median(cpu))


def throughput(chars: int, seconds: float) -> dict[str, float]:
    """Characters per second and milliseconds per 20,000 characters."""
    return {
        "chars_per_s": round(chars / seconds, 1) if seconds > 0 else float("inf"),
        "ms_per_20k_chars": round(seconds / chars * 20_000 * 1000, 3) if chars else 0.0,
    }


def figures(chars: int, timing: Timing) -> dict[str, Any]:
    """The figures every throughput benchmark reports, from a :class:`Timing` over ``chars`` characters."""
    cpu = throughput(chars, timing.cpu_median)
    return {
        "chars": chars, "runs": len(timing.times),
        "median_s": round(timing.median, 4), "min_s": round(min(timing.times), 4),
        "times_s": [round(t, 4) for t in timing.times],
        **throughput(chars, timing.median),
        "cpu_median_s": round(timing.cpu_median, 4), "cpu_chars_per_s": cpu["chars_per_s"],
    }
