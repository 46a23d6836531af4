#!/bin/sh
# Where the CPU of one token goes: starts Tollgate (as run.sh does), warms up, then samples the server JVM with
# Linux perf (all its threads, Java frames named through the JIT's perf map) while wrk drives client_credentials.
# Prints tokens per server CPU-second (as run.sh), the share of CPU by shared object (libcrypto/ACCP = signature, libjvm = GC + JIT, JIT code = Java) and the
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
# perf samples the measured interval only: it starts when measure's warm-up is over.
(sleep "$((${WARMUP:-20} + 1))"; perf record -q -F 997 -g -p "$TG_PID" -o target/bench/perf.data -- sleep "$((DURATION - 2))" \
    >/dev/null 2>&1) &
PERF=$!
QUIET=1 measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "tollgate-$ALGORITHM" >target/bench/profile-result.txt
wait "$PERF" || true
jcmd "$TG_PID" Compiler.perfmap >/dev/null 2>&1 || true
{
    echo "== $(date -u +%Y-%m-%dT%H:%MZ) $ALGORITHM, $CONNECTIONS connections, load $(cut -d' ' -f1-3 /proc/loadavg)"
    cat target/bench/profile-result.txt
    echo "== CPU by shared object"
    perf report -i target/bench/perf.data --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
    echo "== top symbols (self)"
    perf report -i target/bench/perf.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
    echo "== CPU by thread"
    perf report -i target/bench/perf.data --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
    echo "== the request threads' time by category"
    perf script -i target/bench/perf.data 2>/dev/null | python3 "$BENCH_DIR/categories.py"
} | tee target/bench/profile.txt
