"""Worker processes that can be stopped: a call past its time or memory fails alone, the rest go on."""

from __future__ import annotations

import os
import time

import pytest

from planwatch.store.sandbox import Stopped, run_all


def _job(x: int) -> int:
    if x == 2:
        time.sleep(60)  # hangs
    if x == 3:
        return len(bytearray(1 << 30))  # 1 GB, past the memory cap
    if x == 4:
        raise RuntimeError("boom")
    if x == 5:
        os._exit(3)  # a crash in a C library, say
    return x * 10


def test_stopped_calls_fail_alone_and_results_keep_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_PARSE_MEMORY", str(400 * 2**20))
    start = time.monotonic()
    out = list(run_all(_job, [1, 2, 3, 4, 5, 6, 7], workers=2, seconds=2))
    assert time.monotonic() - start < 30
    assert out[0] == 10 and out[5:] == [60, 70]
    late = "reading the file took longer than 2 s (limit PLANWATCH_PARSE_SECONDS)"
    assert out[1] == Stopped(late, "seconds")
    assert isinstance(out[2], Stopped) and "PLANWATCH_PARSE_MEMORY" in out[2].reason
    assert out[3] == Stopped("RuntimeError: boom", "error")
    assert isinstance(out[4], Stopped) and "exit code 3" in out[4].reason


def test_local_functions_run_without_pickling() -> None:
    offset = 5
    assert list(run_all(lambda x: x + offset, range(4), workers=3)) == [5, 6, 7, 8]
    assert list(run_all(_job, [])) == []
