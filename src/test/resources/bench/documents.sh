#!/bin/sh
# JWKS and discovery documents: requests per second for GET /oauth2/v3/certs and /.well-known/openid-configuration,
# once answered in full (200) and once revalidated with the document's ETag (If-None-Match → 304).
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/documents.sh [seconds=20] [connections=32]
#
# Environment: WARMUP (seconds, default 10) and those of tollgate.sh.
set -eu
DURATION=${1:-20}
CONNECTIONS=${2:-32}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
trap 'stop_tollgate' EXIT INT TERM
start_tollgate RS256
for path in /oauth2/v3/certs /.well-known/openid-configuration; do
    ETAG=$(curl -fsS -D - -o /dev/null "$TG_BASE$path" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
    export ETAG
    for mode in full revalidated; do
        if [ "$mode" = revalidated ]; then lua="$BENCH_DIR/if_none_match.lua"; else lua="$BENCH_DIR/get.lua"; fi
        QUIET=1 LUA=$lua measure "$TG_PID" "$TG_BASE$path" "$DURATION" "$CONNECTIONS" "$path-$mode" \
            | sed 's/ tokens/ requests/g; s/tokens_per/requests_per/g'
    done
done
echo "load=$(cut -d' ' -f1-3 /proc/loadavg) rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status")"
