#!/usr/bin/env bash
# The full test suite: lint, type-check, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/lint.sh
# The store and tracking tests run on SQLite and on PostgreSQL: use $PLANWATCH_TEST_PG_URL when it is
# reachable, else start Debian's PostgreSQL on 127.0.0.1:54329 (installed if missing), stopped on exit.
if pg_env=$(bash scripts/postgres.sh start); then
  eval "$pg_env"
  trap 'bash scripts/postgres.sh stop' EXIT
else
  echo "test.sh: no PostgreSQL server: the postgres cases will skip (or fail under CI=true)" >&2
fi
$BIN/python -m pytest -n 2 --dist loadgroup "$@"
