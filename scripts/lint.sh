#!/usr/bin/env bash
# Static checks: ruff, mypy over the whole package (strict on the core, see pyproject), the layer
# contracts (.importlinter), and the size of modules (no god modules: at most 800 lines each).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
$BIN/ruff check src tests benchmarks
$BIN/mypy src/planwatch
$BIN/lint-imports --no-cache >/dev/null || $BIN/lint-imports --no-cache
big=$(find src tests benchmarks -name '*.py' -exec wc -l {} + | awk '$2 != "total" && $1 > 800 {print}')
if [ -n "$big" ]; then echo "modules over 800 lines:"; echo "$big"; exit 1; fi
echo "lint: ok"
