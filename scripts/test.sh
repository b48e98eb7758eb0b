#!/usr/bin/env bash
# The full test suite: lint, type-check, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
$BIN/ruff check src tests benchmarks
$BIN/mypy src/planwatch/model.py src/planwatch/extract src/planwatch/track
$BIN/python -m pytest -n 2 "$@"
