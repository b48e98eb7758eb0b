"""The peer baseline's own virtualenv, ``.venv-peer``: Recognizers-Text with its old pins.

``python benchmarks/peer.py --install`` (the Makefile's ``bench-deps``) creates it;
``bench_extract`` calls :func:`ensure` and runs the peer's half there in a subprocess,
so the peer's pins never touch the project venv.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv-peer"
PYTHON = VENV / "bin" / "python"
#: recognizers-text-suite 1.0.2a2 is the last release of the Python port; it needs emoji<2 to import.
REQUIREMENTS = ("recognizers-text-suite==1.0.2a2", "emoji<2")
PROBE = "import recognizers_number, recognizers_number_with_unit, recognizers_text"
SCRIPT = Path(__file__).resolve().parent / "peer_recognizers.py"


class PeerUnavailable(Exception):
    """The peer could not be installed or run; the message says why."""


def _run(cmd: list[str], timeout: float, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PeerUnavailable(f"{' '.join(cmd[:3])}…: {e}") from e


def _last_lines(text: str, n: int = 3) -> str:
    return " | ".join(line for line in text.strip().splitlines()[-n:])


def installed() -> bool:
    return PYTHON.exists() and _run([str(PYTHON), "-c", PROBE], 120).returncode == 0


def ensure(quiet: bool = False) -> Path:
    """The peer venv's python, installing the peer first if needed (:class:`PeerUnavailable` if it can't)."""
    if installed():
        return PYTHON
    if not quiet:
        print(f"installing {' '.join(REQUIREMENTS)} into {VENV} …", flush=True)
    if not PYTHON.exists():
        made = _run([sys.executable, "-m", "venv", "--clear", str(VENV)], 300)
        if made.returncode != 0:
            raise PeerUnavailable(f"cannot create {VENV}: {_last_lines(made.stderr)}")
    pip_install = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    pip = _run([*pip_install, *REQUIREMENTS], 900)
    if pip.returncode != 0:
        raise PeerUnavailable(f"pip install {' '.join(REQUIREMENTS)} failed: {_last_lines(pip.stderr)}")
    probe = _run([str(PYTHON), "-c", PROBE], 120)
    if probe.returncode != 0:
        raise PeerUnavailable(f"installed but does not import: {_last_lines(probe.stderr)}")
    return PYTHON


def measure(texts: list[str], runs: int) -> dict[str, Any]:
    """The peer's figures over ``texts`` (run in .venv-peer)."""
    python = ensure()
    done = _run([str(python), str(SCRIPT)], 3600, stdin=json.dumps({"texts": texts, "runs": runs}))
    if done.returncode != 0:
        raise PeerUnavailable(f"peer run failed: {_last_lines(done.stderr)}")
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError as e:
        raise PeerUnavailable(f"peer printed no JSON ({e}): {done.stdout[:200]!r}") from e
    return result


def main(argv: list[str]) -> int:
    if argv != ["--install"]:
        print("usage: peer.py --install", file=sys.stderr)
        return 2
    try:
        python = ensure()
    except PeerUnavailable as e:
        print(f"peer not installed: {e}", file=sys.stderr)
        return 1
    print(f"peer ready: {python}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
