"""scripts/postgres.sh: starts Debian's PostgreSQL on a port of its own, and stops it."""

from __future__ import annotations

import glob
import os
import shlex
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "postgres.sh"


@pytest.mark.postgres
@pytest.mark.skipif(not glob.glob("/usr/lib/postgresql/*/bin/initdb"), reason="no Debian PostgreSQL here")
def test_start_gives_a_working_url_and_stop_ends_the_server() -> None:
    import uuid

    import psycopg

    data = Path("/tmp") / f"planwatch-pg-test-{uuid.uuid4().hex[:8]}"  # user postgres must reach it
    port = str(54340 + uuid.uuid4().int % 60)  # not the suite's own server's port

    env = {k: v for k, v in os.environ.items() if k not in ("PLANWATCH_TEST_PG_URL", "PLANWATCH_PG_STARTED")}
    env |= {"PLANWATCH_PG_PORT": port, "PLANWATCH_PG_DIR": str(data)}
    started = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 0, started.stderr
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
    url = shlex.split(exports["PLANWATCH_TEST_PG_URL"])[0]
    assert url == f"postgresql://postgres@127.0.0.1:{port}/planwatch_test"
    assert exports["PLANWATCH_PG_STARTED"] == "1"
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            assert conn.execute("select current_database()").fetchone() == ("planwatch_test",)
        again = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True,
                               timeout=60)
        assert "PLANWATCH_PG_STARTED" not in again.stdout  # reused, so not ours to stop
        untouched = subprocess.run(["bash", str(SCRIPT), "stop"], env=env, timeout=60)
        assert untouched.returncode == 0
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("select 1")
    finally:
        stop = subprocess.run(["bash", str(SCRIPT), "stop"], env={**env, "PLANWATCH_PG_STARTED": "1"},
                              capture_output=True, text=True, timeout=60)
    assert stop.returncode == 0, stop.stderr
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=3)
    assert not data.exists()
