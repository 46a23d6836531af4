#!/bin/sh
# Token endpoint benchmark, Tollgate alone: starts the packaged server on a temporary data directory (embedded
# PostgreSQL), creates a service account and API key, drives client_credentials with wrk and reports tokens per
# second, tokens per server CPU-second and latency percentiles. side-by-side.sh adds Keycloak and the OpenSSL limit.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/run.sh [seconds=30] [connections=16] [algorithm=RS256|ES256]
#
# Environment: WARMUP seconds (default 20), WARMUP_CPU (CPU-seconds of warm-up; see measure.sh), PROFILE (a .jfr
# file: record the measured interval), and those of tollgate.sh (TG_PORT, JAVA, JAVA_OPTS, JAR,
# TG_PROVIDER=auto|jdk|accp).
set -eu
DURATION=${1:-30}
CONNECTIONS=${2:-16}
ALGORITHM=${3:-RS256}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap 'stop_tollgate' EXIT INT TERM
start_tollgate "$ALGORITHM"
grep -h "Signatures are made by" "$TG_DATA/server.log" | sed 's/.*Signatures/Signatures/' || true
measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "tollgate-$ALGORITHM"
echo "java=$("${JAVA:-java}" -version 2>&1 | head -1) ready_ms=$TG_READY_MS" \
    "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status")" \
    "peak_rss_mb=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$TG_PID/status") load=$(cut -d' ' -f1-3 /proc/loadavg)"
