#!/usr/bin/env bash
# Starts a throwaway Redis server from Debian's packages for the test suite, installing it if
# needed, and prints the REDIS_URL to use. It listens on loopback only, keeps nothing on disk,
# and lives in .redis-test/ in the project.
#   scripts/redis.sh start   start one on REDIS_PORT (default: a free port) unless one is running
#   scripts/redis.sh stop    stop the one "start" started
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/.redis-test"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "Installing Redis from Debian's packages..." >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >&2
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() { [ -f "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null; }

start() {
  install
  mkdir -p "$DIR"
  if ! running; then
    local port=${REDIS_PORT:-$(free_port)}
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
      --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --daemonize yes >&2
    echo "$port" >"$DIR/port"
    for _ in $(seq 50); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null
  fi
  echo "redis://127.0.0.1:$(cat "$DIR/port")/0"
}

stop() {
  if running; then
    kill "$(cat "$DIR/redis.pid")"
    echo "Stopped the test Redis server." >&2
  fi
  rm -rf "$DIR"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
