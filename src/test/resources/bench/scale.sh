#!/bin/sh
# Cost per token against the number of service accounts and API keys: for each count, a fresh server, that many
# accounts seeded straight into its database (seed_accounts in tollgate.sh), client_credentials with a random one of
# them per request; prints tokens per server CPU-second and the heap in use after a full GC.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/scale.sh [seconds=30] [connections=16] [counts="10 10000 100000"]
set -eu
DURATION=${1:-30}
CONNECTIONS=${2:-16}
COUNTS=${3:-10 10000 100000}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
trap 'stop_tollgate' EXIT INT TERM
heap_mb() {
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.heap_info | awk '/used/ && !done { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); print int(v / 1024); done = 1 } }'
}
for n in $COUNTS; do
    start_tollgate "${ALGORITHM:-RS256}"
    export BENCH_CREDENTIALS="$TG_DATA/clients.txt"
    seed_accounts "$n" "$BENCH_CREDENTIALS"
    BEFORE=$(heap_mb "$TG_PID")
    QUIET=1 LUA="$BENCH_DIR/many_clients.lua" measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "accounts-$n"
    echo "accounts=$n heap_used_after_gc_mb: before=$BEFORE after=$(heap_mb "$TG_PID")" \
        "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status")"
    stop_tollgate
done
