#!/usr/bin/env bash
# The main job: store the bundled sample documents in the embedded database, judge their targets,
# print each region's target scorecard, then serve the dashboard and API (http://127.0.0.1:8000).
# A stage that is missing or fails is reported and skipped; the dashboard is served whatever happened.
# HOST, PORT and PLANWATCH_DATABASE_URL (or DB) change where it serves and which store it uses.
set -uo pipefail
cd "$(dirname "$0")/.."
PW=.venv/bin/planwatch
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
DB_ARGS=()
[ -n "${DB:-}" ] && DB_ARGS=(--db "$DB")
SAMPLES=(src/planwatch/samples/*.txt)

has() { "$PW" "$1" --help >/dev/null 2>&1; }
step() { printf '\n== %s\n' "$*"; }

step "ingest ${#SAMPLES[@]} sample documents"
if has ingest; then
  "$PW" ingest "${DB_ARGS[@]}" "${SAMPLES[@]}" || echo "run.sh: ingest reported failures (see above); going on" >&2
else
  echo "run.sh: 'planwatch ingest' is not available: skipped" >&2
  has inspect && "$PW" inspect "${SAMPLES[@]}"
fi

step "judge the targets"
if has track; then
  "$PW" track "${DB_ARGS[@]}" || echo "run.sh: tracking failed (see above); going on" >&2
else
  echo "run.sh: 'planwatch track' is not available: skipped" >&2
fi

step "target scorecards by region"
if has scorecard; then
  "$PW" scorecard "${DB_ARGS[@]}" || echo "run.sh: 'planwatch scorecard' failed; going on" >&2
else
  echo "run.sh: 'planwatch scorecard' is not available: skipped" >&2
fi

step "dashboard"
exec "$PW" serve "${DB_ARGS[@]}" --host "$HOST" --port "$PORT"
