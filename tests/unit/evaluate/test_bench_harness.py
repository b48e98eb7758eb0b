"""The benchmark harness: registry, shared timing, results file (without running the slow benchmarks)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[3] / "benchmarks"


@pytest.fixture()
def bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(BENCH))
    yield importlib.import_module("run")
    for name in ("run", "bench_fake"):
        sys.modules.pop(name, None)


def test_every_registered_benchmark_has_a_module_with_run(bench: ModuleType) -> None:
    assert "extract" in bench.BENCHMARKS
    for name in bench.BENCHMARKS:
        source = (BENCH / f"bench_{name}.py").read_text(encoding="utf-8")
        assert "\ndef run(" in source, name


def test_timing_takes_the_median_after_warmup() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        timing = importlib.import_module("_timing")
    finally:
        sys.path.remove(str(BENCH))
    calls: list[int] = []
    median, times, cpu = timing.median_seconds(lambda: calls.append(1), runs=5, warmup=2)
    assert len(calls) == 7 and len(times) == 5 and min(times) <= median <= max(times) and cpu >= 0
    assert timing.throughput(40_000, 2.0) == {"chars_per_s": 20_000.0, "ms_per_20k_chars": 1000.0}
    f = timing.figures(40_000, timing.Timing(2.0, [1.0, 2.0, 3.0], 1.0))
    assert (f["chars_per_s"], f["min_s"], f["runs"], f["cpu_chars_per_s"]) == (20_000.0, 1.0, 3, 40_000.0)


def test_run_writes_results_and_keeps_going_after_a_failure(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = ModuleType("bench_fake")
    fake.run = lambda: {"chars_per_s": 1.0}  # type: ignore[attr-defined]
    broken = ModuleType("bench_broken")
    broken.run = lambda: 1 / 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bench_fake", fake)
    monkeypatch.setitem(sys.modules, "bench_broken", broken)
    monkeypatch.setattr(bench, "BENCHMARKS", ["broken", "fake"])
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results.json")
    (tmp_path / "results.json").write_text(json.dumps({"older": {"figures": {}}}), encoding="utf-8")
    monkeypatch.setattr(bench, "HERE", tmp_path)
    assert bench.main([]) == 1
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["fake"]["figures"] == {"chars_per_s": 1.0}
    assert "ZeroDivisionError" in results["broken"]["figures"]["error"]
    assert "older" in results  # other benchmarks' figures are kept
    assert bench.main(["nope"]) == 2
