#!/bin/sh
# Where the CPU of one token goes: starts Tollgate (as run.sh does), warms up, then samples the server JVM with
# Linux perf (all its threads, Java frames named through the JIT's perf map) while wrk drives client_credentials.
# Prints the share of CPU by shared object (libcrypto/ACCP = signature, libjvm = GC + JIT, JIT code = Java) and the
# top symbols, and writes target/bench/profile.txt.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/profile.sh [seconds=20] [connections=16] [algorithm=RS256|ES256]
#
# Needs linux-perf (apt-get install -y linux-perf) and root or kernel.perf_event_paranoid <= 1.
set -eu
DURATION=${1:-20}
CONNECTIONS=${2:-16}
ALGORITHM=${3:-RS256}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
trap 'stop_tollgate' EXIT INT TERM
JAVA_OPTS="${JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit"
start_tollgate "$ALGORITHM"
mkdir -p target/bench
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-20}s" -s "$BENCH_DIR/client_credentials.lua" "$TG_URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$BENCH_DIR/client_credentials.lua" "$TG_URL" >target/bench/profile-wrk.txt &
WRK=$!
perf record -q -F 997 -g -p "$TG_PID" -o target/bench/perf.data -- sleep "$((DURATION - 2))" 2>/dev/null
wait "$WRK"
jcmd "$TG_PID" Compiler.perfmap >/dev/null 2>&1 || true
{
    echo "== $(date -u +%Y-%m-%dT%H:%MZ) $ALGORITHM, $CONNECTIONS connections, load $(cut -d' ' -f1-3 /proc/loadavg)"
    grep 'Requests/sec' target/bench/profile-wrk.txt
    echo "== CPU by shared object"
    perf report -i target/bench/perf.data --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
    echo "== top symbols (self)"
    perf report -i target/bench/perf.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
} | tee target/bench/profile.txt
