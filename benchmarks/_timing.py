"""Timing shared by every benchmark and the peer's half (standard library only: runs in .venv-peer too)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

#: Timed runs per measurement; the median is reported.
RUNS = 7


def median_seconds(fn: Callable[[], Any], runs: int = RUNS, warmup: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` calls of ``fn`` after ``warmup`` untimed calls, and all the times."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def throughput(chars: int, seconds: float) -> dict[str, float]:
    """Characters per second and milliseconds per 20,000 characters."""
    return {
        "chars_per_s": round(chars / seconds, 1) if seconds > 0 else float("inf"),
        "ms_per_20k_chars": round(seconds / chars * 20_000 * 1000, 3) if chars else 0.0,
    }
