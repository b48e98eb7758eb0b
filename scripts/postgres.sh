#!/usr/bin/env bash
# A PostgreSQL server for the test suite and the benchmarks.
#
#   eval "$(bash scripts/postgres.sh start)"   # exports PLANWATCH_TEST_PG_URL (and PLANWATCH_PG_STARTED)
#   bash scripts/postgres.sh stop              # stops the server, if `start` started it
#
# start: if PLANWATCH_TEST_PG_URL is set and reachable, uses it. Otherwise runs Debian's PostgreSQL
# (installing the `postgresql` package with apt-get when no initdb is found) from a fresh data
# directory, on 127.0.0.1:${PLANWATCH_PG_PORT:-54329}, with a database planwatch_test; a server
# already listening there (one this script started) is reused. Messages go to stderr; stdout holds
# only the `export` lines.
set -euo pipefail

PORT="${PLANWATCH_PG_PORT:-54329}"
DATA="${PLANWATCH_PG_DIR:-/tmp/planwatch-pg-$PORT}"
DBNAME=planwatch_test
URL="postgresql://postgres@127.0.0.1:$PORT/$DBNAME"

say() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

as_owner() {  # run a command as the data directory's owner (user postgres when we are root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

reachable() {  # URL
  "$PGBIN/psql" "$1" -Atqc 'select 1' >/dev/null 2>&1
}

install_postgres() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq postgresql >/dev/null
}

start() {
  PGBIN=$(pg_bin || true)
  if [ -n "${PLANWATCH_TEST_PG_URL:-}" ]; then
    if [ -n "$PGBIN" ] && reachable "$PLANWATCH_TEST_PG_URL"; then
      say "using PLANWATCH_TEST_PG_URL"
      echo "export PLANWATCH_TEST_PG_URL='$PLANWATCH_TEST_PG_URL'"
      return 0
    fi
    say "PLANWATCH_TEST_PG_URL is set but not reachable; starting a local server"
  fi
  if [ -z "$PGBIN" ]; then
    install_postgres
    PGBIN=$(pg_bin)
  fi
  if reachable "$URL"; then
    say "reusing the server on 127.0.0.1:$PORT"
    echo "export PLANWATCH_TEST_PG_URL='$URL'"
    return 0
  fi
  if [ -f "$DATA/postmaster.pid" ]; then  # left by a killed run
    as_owner "$PGBIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  as_owner "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_owner "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c max_connections=100" start >/dev/null
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DBNAME"
  say "started PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PORT, data in $DATA"
  echo "export PLANWATCH_TEST_PG_URL='$URL'"
  echo "export PLANWATCH_PG_STARTED=1"
}

stop() {
  PGBIN=$(pg_bin || true)
  if [ "${PLANWATCH_PG_STARTED:-}" != 1 ] && [ "${1:-}" != "--force" ]; then
    return 0  # not ours to stop
  fi
  if [ -n "$PGBIN" ] && [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$DATA" stop -m fast -w >/dev/null 2>&1 || true
    say "stopped the server on 127.0.0.1:$PORT"
  fi
  rm -rf "$DATA"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start|stop [--force]" >&2; exit 2 ;;
esac
