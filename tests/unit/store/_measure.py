"""Run a command, then print its wall time (s) and the peak RSS (MB) of its process tree as JSON.

usage: python _measure.py COMMAND...   (the command's own output goes to this one's stderr)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    start = time.monotonic()
    proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    sys.stderr.write(proc.stdout.decode("utf-8", "replace"))
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "returncode": proc.returncode}))


if __name__ == "__main__":
    main()
