#!/bin/sh
# Latency at a fixed share of peak throughput, Tollgate alone: client_credentials (RS256 or ES256) as run.sh, first
# closed-loop at full speed to find the peak (tokens/s), then paced at FRACTION of it (default 0.5, "half of peak")
# with paced.lua (wrk's delay() hook), and prints p50/p99 at that rate. The paced run's RESULT line shows the rate
# it achieved (tokens_per_s): it should be the target; if it is lower, the server did not keep up and the latencies
# are not those of that rate.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/latency.sh [seconds=30] [connections=16] [algorithm=RS256|ES256]
#
# Environment: RATE (tokens per second to hold; skips the peak run), FRACTION (default 0.5), WARMUP and WARMUP_CPU
# (measure.sh; the warm-up runs once, before the peak run), and those of tollgate.sh.
set -eu
DURATION=${1:-30}
CONNECTIONS=${2:-16}
ALGORITHM=${3:-RS256}
FRACTION=${FRACTION:-0.5}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap 'stop_tollgate' EXIT INT TERM
start_tollgate "$ALGORITHM"
if [ -z "${RATE:-}" ]; then
    PEAK=$(QUIET=1 measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "peak-$ALGORITHM" | tee /dev/stderr \
        | sed -n 's/.* tokens_per_s=\([0-9]*\).*/\1/p')
    RATE=$(awk -v p="$PEAK" -v f="$FRACTION" 'BEGIN { printf "%d", p * f }')
    WARMUP=0 WARMUP_CPU=   # warm already
fi
[ "$RATE" -gt 0 ] || { echo "no rate to hold (peak run failed?)" >&2; exit 1; }
echo "holding $RATE tokens/s ($FRACTION of peak ${PEAK:-not measured}) with $CONNECTIONS connections" >&2
export BENCH_RATE="$RATE" BENCH_WRK_THREADS=2 BENCH_PACED_LUA="$BENCH_DIR/client_credentials.lua"
LUA="$BENCH_DIR/paced.lua" measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "paced-$ALGORITHM-at-$RATE-per-s"
echo "peak_tokens_per_s=${PEAK:-} target_tokens_per_s=$RATE java=$("${JAVA:-java}" -version 2>&1 | head -1)" \
    "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status") load=$(cut -d' ' -f1-3 /proc/loadavg)"
