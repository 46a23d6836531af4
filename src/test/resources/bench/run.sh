#!/bin/sh
# Token endpoint benchmark: starts the packaged server on a temporary data directory (embedded PostgreSQL), creates a
# service account and API key with the bootstrap admin's key, drives client_credentials with wrk and reports tokens
# per second, tokens per server CPU-second and latency percentiles.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/run.sh [seconds=30] [connections=16] [algorithm=RS256|ES256]
#
# Environment: PORT (default 18431), WARMUP seconds (default 30), JAVA (default java), JAVA_OPTS (extra JVM flags),
# ACCP_JAR (path of AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar: installs it as the first JCA provider
# through java.security properties, no code change; see docs/benchmarks.md).
set -eu
DURATION=${1:-30}
CONNECTIONS=${2:-16}
ALGORITHM=${3:-RS256}
PORT=${PORT:-18431}
JAVA=${JAVA:-java}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
BASE=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: ./mvnw -B -q package -DskipTests" >&2; exit 1; }

DATA=$(mktemp -d)
if [ -n "${ACCP_JAR:-}" ]; then
    cat >"$DATA/accp.security" <<PROVIDERS
security.provider.1=com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider
security.provider.2=SUN
security.provider.3=SunRsaSign
security.provider.4=SunEC
security.provider.5=SunJSSE
security.provider.6=SunJCE
security.provider.7=SunJGSS
security.provider.8=SunSASL
security.provider.9=XMLDSig
security.provider.10=SunPCSC
security.provider.11=JdkLDAP
security.provider.12=JdkSASL
PROVIDERS
    LAUNCH="-Djava.security.properties=$DATA/accp.security -cp $JAR:$ACCP_JAR io.quarkus.bootstrap.runner.QuarkusEntryPoint"
else
    LAUNCH="-jar $JAR"
fi
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -Dquarkus.http.port="$PORT" -Dtollgate.data-dir="$DATA" -Dtollgate.issuer="$BASE" \
    -Dtollgate.keys.algorithm="$ALGORITHM" -Dquarkus.log.level=WARN $LAUNCH >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT INT TERM

i=0
until curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -gt 180 ] && { echo "server not ready after 90 s; log:" >&2; tail -50 "$DATA/server.log" >&2; exit 1; }
    sleep 0.5
done

ADMIN_KEY=$(cat "$DATA/bootstrap-admin.key")
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { curl -fsS -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }
ACCOUNT=$(api -d '{"accountId":"bench-client","serviceAccount":{"displayName":"bench","defaultTeam":"teams/admins"}}' \
    "$BASE/v1/organizations/default/serviceAccounts")
EMAIL=$(echo "$ACCOUNT" | json "['email']")
NAME=$(echo "$ACCOUNT" | json "['name']")
export BENCH_CLIENT_ID="$EMAIL"
BENCH_CLIENT_SECRET=$(api -d '{"displayName":"bench"}' "$BASE/v1/$NAME/apiKeys" | json "['keyString']")
export BENCH_CLIENT_SECRET

# One token by hand, to fail early and to show the shape.
curl -fsS -d "grant_type=client_credentials&client_id=$EMAIL&client_secret=$BENCH_CLIENT_SECRET" "$BASE/oauth2/token" \
    | json "['token_type']" >/dev/null

WARMUP=${WARMUP:-30}
echo "warming up (${WARMUP} s)…"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/client_credentials.lua" "$BASE/oauth2/token" >/dev/null

TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
machine() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
CPU0=$(cpu); MACHINE0=$(machine)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/client_credentials.lua" "$BASE/oauth2/token" \
    >"$DATA/wrk.txt"
CPU1=$(cpu); MACHINE1=$(machine)

cat "$DATA/wrk.txt"
REQUESTS=$(awk '/requests in/{print $1}' "$DATA/wrk.txt")
ERRORS=$(awk '/Non-2xx/{print $NF}' "$DATA/wrk.txt")
P50=$(awk '$1=="50%"{print $2}' "$DATA/wrk.txt")
P99=$(awk '$1=="99%"{print $2}' "$DATA/wrk.txt")
echo "----"
echo "algorithm=$ALGORITHM accp=${ACCP_JAR:+yes} connections=$CONNECTIONS duration=${DURATION}s java=$("$JAVA" -version 2>&1 | head -1)"
awk -v r="$REQUESTS" -v e="${ERRORS:-0}" -v d="$DURATION" -v c0="$CPU0" -v c1="$CPU1" -v m0="$MACHINE0" \
    -v m1="$MACHINE1" -v t="$TICKS" -v p50="$P50" -v p99="$P99" 'BEGIN {
    ok = r - e; cpu = (c1 - c0) / t; busy = (m1 - m0) / t
    printf "tokens=%d errors=%d tokens/s=%.0f\n", ok, e, ok / d
    printf "server JVM CPU=%.1fs tokens per server CPU-second=%.0f\n", cpu, ok / cpu
    printf "machine busy CPU (JVM + PostgreSQL + wrk)=%.1fs p50=%s p99=%s\n", busy, p50, p99 }'
