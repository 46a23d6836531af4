#!/bin/bash
# Embedded mode survives kill -9: starts the packaged server with its embedded PostgreSQL on a temporary data
# directory, kills the JVM with SIGKILL, starts it again on the same directory and times /q/health/ready.
# Then plants a postmaster.pid naming a live unrelated process (a reused pid) and starts once more.
#
#   ./mvnw -B -q package -DskipTests && faults/embedded-kill9.sh
set -euo pipefail
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
PORT=${PORT:-18490}
DATA=$(mktemp -d)
SERVER=
SLEEPER=
trap 'kill $SERVER $SLEEPER 2>/dev/null || true; wait 2>/dev/null || true; echo "data and log in $DATA"' EXIT INT TERM

start() { # label
    printf '%-52s' "$1:"
    java -Dquarkus.http.port="$PORT" -Dtollgate.data-dir="$DATA" -Dquarkus.log.level=WARN -jar "$JAR" \
        >>"$DATA/server.log" 2>&1 &
    SERVER=$!
    local t0; t0=$(date +%s.%N)
    for _ in $(seq 1 600); do
        if curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; then
            awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "ready in %.1fs\n", b - a}'; return 0
        fi
        kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; log:"; tail -30 "$DATA/server.log"; return 1; }
        sleep 0.2
    done
    echo "not ready after 120 s"; tail -30 "$DATA/server.log"; return 1
}
postmaster() { head -1 "$DATA/postgres/postmaster.pid"; }

start "first start"
PG=$(postmaster)
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
echo "JVM killed (kill -9); PostgreSQL pid $PG alive right after: $(kill -0 "$PG" 2>/dev/null && echo yes || echo no)"
start "restart after kill -9"
kill -0 "$PG" 2>/dev/null && { echo "FAIL: the old PostgreSQL $PG still runs"; exit 1; }
kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true

sleep 600 & SLEEPER=$!
printf '%s\n%s\n1700000000\n5999\n/tmp\nlocalhost\n  1234567 98304\nready   \n' "$SLEEPER" "$DATA/postgres" \
    >"$DATA/postgres/postmaster.pid"
start "stale postmaster.pid naming live pid $SLEEPER (sleep)"
kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true
echo "PASS"
