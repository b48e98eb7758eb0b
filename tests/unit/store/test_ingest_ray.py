"""``planwatch ingest --engine ray``: the same rows as the local engine, a bad file named, idempotent.

One local Ray (2 CPUs, loopback only, no dashboard) for the module: its start costs seconds. The
tests run on SQLite and PostgreSQL (``db_url``); they are one xdist group, so that one pytest worker
starts Ray once (``scripts/test.sh`` runs ``--dist loadgroup``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.store.db import open_store
from planwatch.store.dump import dump_lines
from planwatch.store.ingest import ingest_paths
from planwatch.store.ray_ingest import RayUnavailable, import_ray, ray_runner, ray_session

TRACKING = Path(__file__).resolve().parents[2] / "data" / "corpus" / "tracking"

pytestmark = pytest.mark.xdist_group("ray")
runner = CliRunner()


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    try:
        import_ray()
    except RayUnavailable:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("Ray is not installed (the dev extra installs it)")
        pytest.skip("Ray is not installed: pip install 'planwatch[ray]'")
    with ray_session(num_cpus=2) as r:
        yield r


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(TRACKING.glob("*.txt"))[:6]:
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _dump(url: str) -> list[str]:
    engine = open_store(url)
    try:
        return list(dump_lines(engine))
    finally:
        engine.dispose()


def test_ray_stores_what_the_local_engine_stores(ray: Any, db_url: str, corpus: Path,
                                                 tmp_path: Path) -> None:
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = open_store(local_url)
    try:
        expected = ingest_paths(local, [corpus], workers=2)
    finally:
        local.dispose()
    engine = open_store(db_url)
    try:
        report = ingest_paths(engine, [corpus], runner=ray_runner(ray, files_per_task=2))
        assert report.counts == expected.counts == {"new": 6, "failed": 1}
        assert [(Path(n).name, r) for n, r in report.failures] == [("empty.txt", "empty file")]
        dump = list(dump_lines(engine))
        assert dump == _dump(local_url)
        assert sum('"table": "statements"' in line for line in dump) > 500
        again = ingest_paths(engine, [corpus], runner=ray_runner(ray))
        assert again.counts == {"unchanged": 6, "failed": 1}
        assert list(dump_lines(engine)) == dump
    finally:
        engine.dispose()


def test_cli_engine_ray_names_the_bad_file(ray: Any, db_url: str, corpus: Path) -> None:
    first = runner.invoke(app, ["ingest", str(corpus), "--db", db_url, "--engine", "ray"])
    assert first.exit_code == 1, first.output
    assert "new 6" in first.output and "failed 1" in first.output
    assert "empty.txt: empty file" in first.output
    second = runner.invoke(app, ["ingest", str(corpus), "--db", db_url, "--engine", "ray"])
    assert "unchanged 6" in second.output and "new 0" in second.output


def test_without_ray_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(RayUnavailable, match=r"pip install 'planwatch\[ray\]'"):
        import_ray()
    result = runner.invoke(app, ["ingest", str(TRACKING), "--db", str(tmp_path / "x.db"), "--engine", "ray"])
    assert result.exit_code == 2 and "planwatch[ray]" in result.output


def test_address_goes_with_the_ray_engine(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(TRACKING), "--db", str(tmp_path / "x.db"),
                                 "--address", "127.0.0.1:6379"])
    assert result.exit_code == 2 and "--engine ray" in result.output


class _FakeRay:
    """Just enough of Ray for :func:`ray_runner`: tasks run at once; one whose files include
    ``kill.txt`` dies as a whole, as a Ray task whose worker was killed."""

    class Died(Exception):
        pass

    def cluster_resources(self) -> dict[str, float]:
        return {"CPU": 2.0}

    def remote(self, **_: Any) -> Any:
        fake = self

        def wrap(fn: Any) -> Any:
            class Remote:
                @staticmethod
                def remote(items: list[Any]) -> Any:
                    if any(Path(item[0]).name == "kill.txt" for item in items):
                        return _Ref(fake.Died("worker killed"))
                    return _Ref(fn(items))

            return Remote

        return wrap

    def wait(self, refs: list[Any], num_returns: int = 1, timeout: float | None = None) -> Any:
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref: Any) -> Any:
        if isinstance(ref.value, Exception):
            raise ref.value
        return ref.value


class _Ref:
    def __init__(self, value: Any) -> None:
        self.value = value


def test_a_task_that_dies_costs_only_the_file_that_kills_it(tmp_path: Path, corpus: Path) -> None:
    (corpus / "kill.txt").write_text("2024年", encoding="utf-8")
    engine = open_store(f"sqlite:///{tmp_path / 'fake.db'}")
    try:
        report = ingest_paths(engine, [corpus], runner=ray_runner(_FakeRay(), files_per_task=4))
    finally:
        engine.dispose()
    assert report.counts == {"new": 6, "failed": 2}
    reasons = {Path(n).name: r for n, r in report.failures}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["kill.txt"].startswith("the Ray task died (Died: worker killed")
