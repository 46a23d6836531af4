#!/bin/sh
# Start-up time of README's start command (bin/tollgate) with an existing embedded database: starts the server on a
# fresh data directory, stops it, starts it again on the same directory (SECOND_STARTS times, default 1) and prints
# how long each start took until /q/health/ready answered: wall time, and the CPU seconds the JVM had used by then
# (user + system, from /proc; the figure to compare on a shared machine, where wall time follows the load). The first
# start records the class-data cache that the second starts use (docs/operations.md, "Start-up"); pass
# TOLLGATE_CLASS_CACHE=0 to measure without it.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/startup.sh
#
# Environment: TG_PORT (default 18431), POLL (seconds between readiness checks, default 0.05), and those of bin/tollgate
# (JAVA, JAVA_OPTS, TOLLGATE_CLASS_CACHE).
set -eu
TG_PORT=${TG_PORT:-18431}
DATA=$(mktemp -d)
PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT INT TERM
start() {
    started=$(date +%s%N)
    TOLLGATE_SKIP_BUILD=1 QUARKUS_HTTP_PORT="$TG_PORT" TOLLGATE_DATA_DIR="$DATA" \
        TOLLGATE_ISSUER="http://127.0.0.1:$TG_PORT" QUARKUS_LOG_LEVEL=WARN bin/tollgate >>"$DATA/server.log" 2>&1 &
    PID=$! # bin/tollgate execs the JVM: this is its pid
    until curl -fs "http://127.0.0.1:$TG_PORT/q/health/ready" >/dev/null 2>&1; do
        kill -0 "$PID" 2>/dev/null || { tail -20 "$DATA/server.log" >&2; exit 1; }
        sleep "${POLL:-0.05}"
    done
    ready=$(date +%s%N)
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$PID/stat")
    echo "$1 start: ready in $(((ready - started) / 1000000)) ms, cpu_s=$cpu," \
        "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status")"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
}
start first
i=0
while [ "$i" -lt "${SECOND_STARTS:-1}" ]; do
    start second
    i=$((i + 1))
done
echo "java=$("${JAVA:-java}" -version 2>&1 | head -1) class_cache=$(ls target/class-cache 2>/dev/null | tr '\n' ' ')" \
    "load=$(cut -d' ' -f1-3 /proc/loadavg)"
