#!/usr/bin/env bash
# Starts a local PostgreSQL server from Debian's packages for the test suite, installing it
# if needed, and prints the DATABASE_URL to use.
#   scripts/postgres.sh start   use the cluster listening on PGPORT, creating one if there is
#                               none (named portal_<port>), and start it if it is stopped
#   scripts/postgres.sh stop    stop the cluster, but only if "start" started it
# Environment: PGPORT (default 5432), POSTGRES_TEST_PASSWORD (default "portal").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PGPORT:-5432}"
PASSWORD="${POSTGRES_TEST_PASSWORD:-portal}"
# Remembers "<version> <cluster>" when start had to start the cluster, so stop can tell.
STARTED_FILE="$ROOT/.postgres-started"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  fi
}

version() { ls /usr/lib/postgresql | sort -V | tail -1; }

# The name of the newest version's cluster configured for PORT, if any.
cluster_on_port() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v p="$PORT" '$1==v && $3==p {print $2; exit}'
}

start() {
  install
  local ver cluster
  ver=$(version)
  cluster=$(cluster_on_port "$ver")
  if [ -z "$cluster" ]; then
    cluster="portal_$PORT"
    echo "Creating PostgreSQL $ver cluster $cluster on port $PORT..." >&2
    as_root pg_createcluster "$ver" "$cluster" -p "$PORT" >&2
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1==v && $2==c {print $4}' \
      | grep -q online; then
    as_root pg_ctlcluster "$ver" "$cluster" start >&2
    echo "$ver $cluster" >"$STARTED_FILE"
  fi
  as_root runuser -u postgres -- psql -q -p "$PORT" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
    CREATE ROLE portal LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
  if ! as_root runuser -u postgres -- psql -p "$PORT" -tAc \
      "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1; then
    as_root runuser -u postgres -- createdb -p "$PORT" -O portal portal
  fi
  echo "postgres://portal:$PASSWORD@127.0.0.1:$PORT/portal"
}

stop() {
  if [ ! -f "$STARTED_FILE" ]; then
    echo "PostgreSQL was not started by this script; leaving it as it is." >&2
    return 0
  fi
  local ver cluster
  read -r ver cluster <"$STARTED_FILE"
  as_root pg_ctlcluster "$ver" "$cluster" stop >&2 || true
  rm -f "$STARTED_FILE"
  echo "Stopped PostgreSQL $ver cluster $cluster." >&2
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
