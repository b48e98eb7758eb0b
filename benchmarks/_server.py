"""The app served by uvicorn in a child process on a free loopback port.

Shared by the serving benchmark and the browser tests (tests/browser/conftest.py puts this
folder on ``sys.path``, as benchmarks/run.py does).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    url: str,
    upload_dir: Path,
    *,
    ready: str = "/api/regions",
    wait: float = 60.0,
    poll: float = 0.2,
    probe_timeout: float = 2.0,
    extra_args: Sequence[str] = (),
    cwd: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The base URL and process of the app over the store at ``url``, once ``ready`` answers 200.

    Raises :class:`ServerDidNotStart` when the process exits or ``wait`` seconds pass first;
    the process is terminated (killed after 10 s) on leaving.
    """
    import httpx

    port = free_port()
    env = {**os.environ, "PLANWATCH_DATABASE_URL": url, "PLANWATCH_UPLOAD_DIR": str(upload_dir)}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "planwatch.serve.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra_args,
    ]
    proc = subprocess.Popen(command, env=env, cwd=cwd)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                if httpx.get(base + ready, timeout=probe_timeout).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart("the server did not start")
            time.sleep(poll)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
