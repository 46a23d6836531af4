#!/bin/sh
# Cost per token against the number of service accounts and API keys: for each count, a fresh server, that many
# accounts seeded straight into its database (seed_accounts in tollgate.sh), then a warm-up that sends one token
# request for every account (once_each.lua, in 5 s wrk steps until the file is done), so that every account and key
# is in the caches; then client_credentials with a random one of them per request (many_clients.lua). Prints tokens
# per server CPU-second, the cache sizes (tollgate_cache_size from /q/metrics) and the heap in use after a full GC
# before the warm-up, with every account cached, and after the run: the memory for N cached accounts is the
# difference between the first two.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/scale.sh [seconds=30] [connections=16] [counts="10 10000 100000"]
#
# Environment: ALGORITHM (default RS256), WARMUP_ALL_MAX (seconds the every-account warm-up may take, default 1800),
# WARMUP and WARMUP_CPU (measure.sh: the usual warm-up, after the every-account one), and those of tollgate.sh.
set -eu
DURATION=${1:-30}
CONNECTIONS=${2:-16}
COUNTS=${3:-10 10000 100000}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
trap 'stop_tollgate' EXIT INT TERM
# Heap in use after a full GC (jcmd GC.run, then GC.heap_info), in MB with one decimal.
heap_mb() {
    jcmd "$1" GC.run >/dev/null
    # G1 prints one "garbage-first heap" line; the serial collector one line per generation: sum them.
    jcmd "$1" GC.heap_info | awk '/generation|garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); kb += v } } END { printf "%.1f\n", kb / 1024 }'
}
# Entries of Tollgate's named cache $1 (api_keys, service_accounts), from the Prometheus endpoint.
cache_size() {
    curl -fsS "$TG_BASE/q/metrics" | awk -v c="$1" 'index($0, "tollgate_cache_size{") == 1 && index($0, "cache=\"" c "\"") { printf "%d\n", $NF }'
}
for n in $COUNTS; do
    start_tollgate "${ALGORITHM:-RS256}"
    export BENCH_CREDENTIALS="$TG_DATA/clients.txt"
    seed_accounts "$n" "$BENCH_CREDENTIALS"
    BEFORE=$(heap_mb "$TG_PID")

    # Every account once: bodies from the credentials file, a cursor that only passes lines that were answered.
    awk '{ print "grant_type=client_credentials&client_id=" $1 "&client_secret=" $2 }' "$BENCH_CREDENTIALS" >"$TG_DATA/every.txt"
    echo 0 >"$TG_DATA/cursor"
    _started=$(date +%s)
    while [ "$(cat "$TG_DATA/cursor")" -lt "$n" ]; do
        [ $(($(date +%s) - _started)) -lt "${WARMUP_ALL_MAX:-1800}" ] || { echo "every-account warm-up not done" >&2; break; }
        BENCH_BODIES="$TG_DATA/every.txt" BENCH_CURSOR="$TG_DATA/cursor" BENCH_AT_END=repeat BENCH_WRK_THREADS=2 \
            wrk -t2 -c"$CONNECTIONS" -d5s -s "$BENCH_DIR/once_each.lua" "$TG_URL" >/dev/null
    done
    echo "accounts=$n every_account_warmup_s=$(($(date +%s) - _started))" \
        "cached_api_keys=$(cache_size api_keys) cached_service_accounts=$(cache_size service_accounts)"
    CACHED=$(heap_mb "$TG_PID")

    QUIET=1 LUA="$BENCH_DIR/many_clients.lua" measure "$TG_PID" "$TG_URL" "$DURATION" "$CONNECTIONS" "accounts-$n"
    echo "accounts=$n heap_used_after_gc_mb: before_warmup=$BEFORE all_cached=$CACHED after_run=$(heap_mb "$TG_PID")" \
        "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status") load=$(cut -d' ' -f1-3 /proc/loadavg)"
    stop_tollgate
done
