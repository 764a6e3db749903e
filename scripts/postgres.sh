#!/usr/bin/env bash
# Starts a local PostgreSQL server from Debian's packages for the test suite, installing it
# if needed, and prints the DATABASE_URL to use.
#   scripts/postgres.sh start | stop
# Environment: PGPORT (default 5432), POSTGRES_TEST_PASSWORD (default "portal").
set -euo pipefail

PORT="${PGPORT:-5432}"
PASSWORD="${POSTGRES_TEST_PASSWORD:-portal}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  fi
}

version() { ls /usr/lib/postgresql | sort -V | tail -1; }

start() {
  install
  local ver
  ver=$(version)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$ver main"; then
    as_root pg_createcluster "$ver" main -p "$PORT" >&2
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$ver" main start >&2
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
  as_root runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
    CREATE ROLE portal LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
  if ! as_root runuser -u postgres -- psql -p "$port" -tAc \
      "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1; then
    as_root runuser -u postgres -- createdb -p "$port" -O portal portal
  fi
  echo "postgres://portal:$PASSWORD@127.0.0.1:$port/portal"
}

stop() {
  local ver
  ver=$(version 2>/dev/null) || exit 0
  as_root pg_ctlcluster "$ver" main stop 2>/dev/null || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
