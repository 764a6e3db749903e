#!/usr/bin/env bash
# Start, stop or check the single-node OpenSearch used by the search tests and benchmark.
#
#   scripts/opensearch-node.sh start    build the launcher if needed, start it, wait for health
#   scripts/opensearch-node.sh stop     stop the node started by this script
#   scripts/opensearch-node.sh status   print the cluster health, exit 1 if it is not running
#
# Environment: OPENSEARCH_PORT (HTTP, default 9200), OPENSEARCH_TRANSPORT_PORT (node-to-node
# transport, default 9300), OPENSEARCH_HOME (default .opensearch in the project),
# OPENSEARCH_WAIT (seconds to wait for health, default 120), OPENSEARCH_HEAP (default 512m).
# The node only listens on 127.0.0.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/search/opensearch-node"
PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"
HOME_DIR="${OPENSEARCH_HOME:-$ROOT/.opensearch}"
WAIT="${OPENSEARCH_WAIT:-120}"
HEAP="${OPENSEARCH_HEAP:-512m}"
PID_FILE="$HOME_DIR/node.pid"
LOG_FILE="$HOME_DIR/node.log"
URL="http://127.0.0.1:$PORT"

health() {
    curl -fsS --max-time 2 "$URL/_cluster/health" 2>/dev/null || true
}

is_running() {
    [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

build() {
    local jar="$PROJECT/target/opensearch-test-node-1.0.0.jar"
    local cp="$PROJECT/target/classpath.txt"
    if [[ -f "$jar" && -f "$cp" && "$jar" -nt "$PROJECT/pom.xml" \
          && -z "$(find "$PROJECT/src" -newer "$jar" -type f)" ]]; then
        return 0
    fi
    echo "Building the OpenSearch test node launcher..."
    if ! (cd "$PROJECT" && mvn -B -q -o -DskipTests package >/dev/null 2>&1); then
        (cd "$PROJECT" && mvn -B -q -DskipTests package)
    fi
}

start() {
    if is_running; then
        echo "OpenSearch test node already running (pid $(cat "$PID_FILE")) at $URL"
        return 0
    fi
    if [[ -n "$(health)" ]]; then
        echo "Something else already answers on $URL; not starting a second node." >&2
        exit 1
    fi
    build
    mkdir -p "$HOME_DIR"
    local classpath
    classpath="$PROJECT/target/opensearch-test-node-1.0.0.jar:$(cat "$PROJECT/target/classpath.txt")"
    nohup java -Xms"$HEAP" -Xmx"$HEAP" \
        -Dopensearch.set.netty.runtime.available.processors=false \
        -Dio.netty.allocator.numDirectArenas=0 \
        -Dlog4j2.disable.jmx=true \
        -cp "$classpath" org.rpcop.searchnode.TestNode "$HOME_DIR" "$PORT" "$TRANSPORT_PORT" \
        >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    echo "Started OpenSearch test node (pid $(cat "$PID_FILE")); waiting for health on $URL..."
    local waited=0 status
    while (( waited < WAIT )); do
        if ! is_running; then
            echo "The OpenSearch test node exited while starting. Last log lines:" >&2
            tail -n 30 "$LOG_FILE" >&2
            rm -f "$PID_FILE"
            exit 1
        fi
        status="$(health)"
        if [[ "$status" == *'"status":"green"'* || "$status" == *'"status":"yellow"'* ]]; then
            echo "OpenSearch test node is ready at $URL"
            return 0
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "Timed out after ${WAIT}s waiting for OpenSearch health on $URL (log: $LOG_FILE)." >&2
    tail -n 30 "$LOG_FILE" >&2
    stop
    exit 1
}

stop() {
    if ! is_running; then
        echo "OpenSearch test node is not running."
        rm -f "$PID_FILE"
        return 0
    fi
    local pid waited=0
    pid="$(cat "$PID_FILE")"
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null && (( waited < 30 )); do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
    fi
    rm -f "$PID_FILE"
    echo "Stopped OpenSearch test node."
}

status() {
    local body
    body="$(health)"
    if [[ -z "$body" ]]; then
        echo "OpenSearch test node is not answering on $URL."
        exit 1
    fi
    echo "$body"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "Usage: $0 start|stop|status" >&2; exit 2 ;;
esac
