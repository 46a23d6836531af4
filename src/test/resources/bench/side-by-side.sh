#!/bin/sh
# Keycloak and Tollgate one after the other on this machine, under the same load: client_credentials tokens per
# server CPU-second for both, their ratio, and the one-core OpenSSL signing rate (the limit a token server nears).
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/side-by-side.sh [seconds=30] [connections=16] [algorithm=RS256|ES256]
#
# Environment: WARMUP (seconds, default 20), WARMUP_CPU (CPU-seconds each server uses before it is measured, default
# 300: Keycloak's tokens per CPU-second still rise until about 300 CPU-seconds, Tollgate's until about 80; see
# measure.sh and docs/benchmarks.md, "Warm-up decides the ratio"), SWEEP ("4 8 16 32": also measure each server at
# these connection counts and write target/bench/sweep.dat for chart.gp), SKIP_KEYCLOAK=1, plus those of tollgate.sh
# and keycloak.sh.
set -eu
export WARMUP_CPU=${WARMUP_CPU:-300}
DURATION=${1:-30}
CONNECTIONS=${2:-16}
ALGORITHM=${3:-RS256}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
. "$BENCH_DIR/keycloak.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap 'stop_tollgate; stop_keycloak' EXIT INT TERM
mkdir -p target/bench
RESULTS=target/bench/results.txt
: >"$RESULTS"

# run_sweep SERVER PID URL: the main measurement, then the sweep.
run_all() {
    measure "$2" "$3" "$DURATION" "$CONNECTIONS" "$1" | tee -a "$RESULTS"
    for c in ${SWEEP:-}; do
        QUIET=1 WARMUP=5 measure "$2" "$3" "$DURATION" "$c" "$1-c$c" | tee -a "$RESULTS"
    done
}

echo "== OpenSSL, one core"
LIMIT=$(openssl_rates)
echo "$LIMIT"

if [ -z "${SKIP_KEYCLOAK:-}" ]; then
    echo "== Keycloak ${KC_VERSION:-26.7.3} (start-dev), RS256"
    start_keycloak
    run_all keycloak "$KC_PID" "$KC_URL"
    KC_RSS=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$KC_PID/status")
    stop_keycloak
fi

echo "== Tollgate, $ALGORITHM"
start_tollgate "$ALGORITHM"
grep -h "Signatures are made by" "$TG_DATA/server.log" | sed 's/.*Signatures/Signatures/' || true
run_all tollgate "$TG_PID" "$TG_URL"
TG_RSS=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$TG_PID/status")
stop_tollgate

value() { sed -n "s/^RESULT label=$1 .*$2=\([0-9.]*\).*/\1/p" "$RESULTS"; }
TG=$(value tollgate tokens_per_cpu_s)
KC=$(value keycloak tokens_per_cpu_s)
for label in $(sed -n 's/^RESULT label=\([^ ]*\) .*/\1/p' "$RESULTS"); do
    printf '%s %s %s %s\n' "$label" "$(value "$label" tokens_per_s)" "$(value "$label" p99_ms)" \
        "$(value "$label" tokens_per_cpu_s)"
done | sed "s/-c/ /; t; s/^\([a-z]*\) /\1 $CONNECTIONS /" | sort -k1,1 -k2n >target/bench/sweep.dat

echo "== Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) vCPU, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "OpenSSL one core: $LIMIT"
[ -n "${KC:-}" ] && echo "Keycloak: $KC tokens per server CPU-second (peak RSS ${KC_RSS:-?} MB)"
echo "Tollgate $ALGORITHM: $TG tokens per server CPU-second (peak RSS ${TG_RSS:-?} MB, ready in ${TG_READY_MS:-?} ms)"
if [ -n "${KC:-}" ]; then
    awk -v t="$TG" -v k="$KC" 'BEGIN { printf "ratio Tollgate / Keycloak: %.1f\n", t / k }'
fi
RSA=$(echo "$LIMIT" | sed 's/.*rsa2048_sign_s=\([0-9.]*\).*/\1/')
[ "$ALGORITHM" = RS256 ] && awk -v t="$TG" -v r="$RSA" 'BEGIN { printf "Tollgate / OpenSSL one-core RSA-2048 signing rate: %.0f %%\n", 100 * t / r }'
if [ -n "${SWEEP:-}" ] && command -v gnuplot >/dev/null; then
    gnuplot -e "data='target/bench/sweep.dat'; out='target/bench/side-by-side.png'; subtitle='$(date -u +%Y-%m-%d), load average $(cut -d' ' -f1 /proc/loadavg)'" \
        "$BENCH_DIR/chart.gp" && echo "chart: target/bench/side-by-side.png"
fi
exit 0
