"""Run by test_kill: ingest a folder with slow fake stages, printing each outcome, until killed.

usage: python _ingest_slowly.py DB_URL FOLDER [WORKERS]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planwatch.store.db import open_store
from planwatch.store.ingest import ingest_paths
from store.fakes import SLOW


def main() -> None:
    engine = open_store(sys.argv[1])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    ingest_paths(engine, [Path(sys.argv[2])], stages=SLOW, workers=workers,
                 progress=lambda path, outcome: print(outcome, path.name, flush=True))


if __name__ == "__main__":
    main()
