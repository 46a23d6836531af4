#!/bin/sh
# JWKS and discovery documents: requests per second, and per server CPU-second, for GET /oauth2/v3/certs and
# /.well-known/openid-configuration, once answered in full (200) and once revalidated with the document's ETag
# (If-None-Match → 304; checked with curl before the run, so a 200 is never counted as a revalidation).
# Prints one RESULT line per run (measure.sh, with requests for tokens) and a table of the four at the end.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/documents.sh [seconds=20] [connections=32]
#
# Environment: WARMUP and WARMUP_CPU (measure.sh; each of the four runs warms up) and those of tollgate.sh.
set -eu
DURATION=${1:-20}
CONNECTIONS=${2:-32}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
trap 'stop_tollgate' EXIT INT TERM
start_tollgate RS256
RESULTS=$TG_DATA/results.txt
for path in /oauth2/v3/certs /.well-known/openid-configuration; do
    ETAG=$(curl -fsS -D - -o /dev/null "$TG_BASE$path" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
    STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$TG_BASE$path")
    [ -n "$ETAG" ] && [ "$STATUS" = 304 ] || { echo "$path: ETag '$ETAG' revalidates with $STATUS, not 304" >&2; exit 1; }
    export ETAG
    for mode in full revalidated; do
        if [ "$mode" = revalidated ]; then lua="$BENCH_DIR/if_none_match.lua"; else lua="$BENCH_DIR/get.lua"; fi
        QUIET=1 LUA=$lua measure "$TG_PID" "$TG_BASE$path" "$DURATION" "$CONNECTIONS" "$path-$mode" \
            | sed 's/ tokens/ requests/g; s/tokens_per/requests_per/g' | tee -a "$RESULTS"
    done
done
echo
awk 'BEGIN { printf "%-36s %-12s %12s %20s %9s %9s %7s\n", "document", "answer", "requests/s", "per server CPU-s", "p50 ms", "p99 ms", "errors" }
    /^RESULT/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        doc = v["label"]; mode = doc; sub("-[a-z]*$", "", doc); sub(".*-", "", mode)
        printf "%-36s %-12s %12s %20s %9s %9s %7s\n", doc, (mode == "full" ? "200 full" : "304"), v["requests_per_s"],
            v["requests_per_cpu_s"], v["p50_ms"], v["p99_ms"], v["errors"] }' "$RESULTS"
echo "connections=$CONNECTIONS seconds=$DURATION load=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status")"
