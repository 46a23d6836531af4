#!/bin/sh
# Token endpoint benchmark for the single-use grants, Tollgate alone:
#   jwt-bearer  RFC 7523 assertions signed with a key file made through the API (POST …/keys), at /oauth2/token
#   federated   RFC 8693 exchanges of an external RS256 JWT (GitHub-Actions-like claims) at /v1/token, through a
#               pool and an OIDC provider with a CEL mapping and condition, whose issuer is a local test issuer
#               (python3 -m http.server on 127.0.0.1 serving its discovery document and JWKS; Tollgate fetches them)
# Every assertion is single-use (jti replay cache), so replaying one body would measure refusals: sign_grants.py
# pre-signs ASSERTIONS fresh requests into a file first, and once_each.lua sends each line once, across the warm-up
# and the measured run. Prints measure.sh's RESULT line (tokens per server CPU-second); errors must be 0.
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/grants.sh jwt-bearer|federated [seconds=30] [connections=16]
#
# Environment: ASSERTIONS (how many to pre-sign; default 2,500 per second of WARMUP + seconds: raise it with
# WARMUP_CPU, which warms up for longer), ISSUER_PORT (federated: the test issuer, default TG_PORT + 1), PYTHON (with
# the cryptography package; default /usr/bin/python3), WARMUP and WARMUP_CPU (measure.sh), and those of tollgate.sh.
# PERF_DATA=target/bench/grants.data samples the measured interval with Linux perf (as profile.sh does) and prints the
# CPU by shared object, thread and symbol, and the request threads' and worker threads' time by category.
set -eu
GRANT=${1:-}
DURATION=${2:-30}
CONNECTIONS=${3:-16}
case "$GRANT" in
    jwt-bearer | federated) ;;
    *) echo "usage: $0 jwt-bearer|federated [seconds] [connections]" >&2; exit 2 ;;
esac
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/measure.sh"
. "$BENCH_DIR/tollgate.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
PYTHON=${PYTHON:-/usr/bin/python3}
"$PYTHON" -c 'import cryptography' 2>/dev/null || { echo "$PYTHON lacks cryptography: apt-get install -y python3-cryptography" >&2; exit 1; }
ASSERTIONS=${ASSERTIONS:-$((2500 * (${WARMUP:-20} + DURATION)))}
ISSUER_DIR= ISSUER_PID=
cleanup() {
    [ -z "$ISSUER_PID" ] || kill "$ISSUER_PID" 2>/dev/null || true
    [ -z "$ISSUER_DIR" ] || rm -rf "$ISSUER_DIR"
    stop_tollgate
}
trap cleanup EXIT INT TERM

api() { # METHOD PATH [JSON]
    set -- "$1" "$2" "${3:-}" "Authorization: Bearer $(cat "$TG_DATA/bootstrap-admin.key")"
    if [ -n "$3" ]; then
        curl -fsS -X "$1" -H "$4" -H 'Content-Type: application/json' -d "$3" "$TG_BASE$2"
    else
        curl -fsS -X "$1" -H "$4" "$TG_BASE$2"
    fi
}
json_field() { "$PYTHON" -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

if [ "$GRANT" = federated ]; then
    ISSUER_PORT=${ISSUER_PORT:-$((${TG_PORT:-18431} + 1))}
    ISSUER=http://127.0.0.1:$ISSUER_PORT
    ISSUER_DIR=$(mktemp -d)
    KID=$("$PYTHON" "$BENCH_DIR/sign_grants.py" issuer "$ISSUER_DIR" "$ISSUER")
    "$PYTHON" -m http.server "$ISSUER_PORT" --bind 127.0.0.1 --directory "$ISSUER_DIR/www" >"$ISSUER_DIR/http.log" 2>&1 &
    ISSUER_PID=$!
    # A loopback issuer over http is refused unless the deployment allows it (docs/api.md, provider validation).
    JAVA_OPTS="${JAVA_OPTS-$MEMORY_OPTS} -Dtollgate.federation.allow-insecure-issuers=true"
    JAVA_OPTS="$JAVA_OPTS -Dtollgate.federation.allowed-private-hosts=127.0.0.1"
    export JAVA_OPTS
fi
if [ -n "${PERF_DATA:-}" ]; then
    mkdir -p "$(dirname "$PERF_DATA")"
    JAVA_OPTS="${JAVA_OPTS-$MEMORY_OPTS} -XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit"
    export JAVA_OPTS PERF_DATA
fi
start_tollgate RS256
BODIES=$TG_DATA/bodies.txt

if [ "$GRANT" = jwt-bearer ]; then
    api POST "/v1/projects/-/serviceAccounts/$BENCH_CLIENT_ID/keys" '{"privateKeyType":"TYPE_GOOGLE_CREDENTIALS_FILE"}' \
        | json_field privateKeyData | base64 -d >"$TG_DATA/key-file.json"
    URL=$TG_URL
    sign() { "$PYTHON" "$BENCH_DIR/sign_grants.py" jwt-bearer "$TG_DATA/key-file.json" "$1" "$2"; }
else
    api POST /v1/projects '{"projectId":"bench-federation","parent":"teams/admins","displayName":"bench"}' >/dev/null
    POOLS=/v1/projects/bench-federation/locations/global/workloadIdentityPools
    api POST "$POOLS?workloadIdentityPoolId=bench" '{"displayName":"bench"}' >/dev/null
    api POST "$POOLS/bench/providers?workloadIdentityPoolProviderId=github" '{"displayName":"bench",
        "attributeMapping":{"google.subject":"assertion.sub","attribute.repository":"assertion.repository",
            "attribute.actor":"assertion.actor"},
        "attributeCondition":"assertion.repository_owner == \"bench-org\" && assertion.ref == \"refs/heads/main\"",
        "oidc":{"issuerUri":"'"$ISSUER"'"}}' >/dev/null
    AUDIENCE=$(api GET "$POOLS/bench/providers/github:credentialConfig?credentialSource=file:/dev/null" | json_field audience)
    URL=$TG_BASE/v1/token
    sign() { "$PYTHON" "$BENCH_DIR/sign_grants.py" federated "$ISSUER_DIR" "$ISSUER" "$KID" "$AUDIENCE" "$1" "$2"; }
fi
# One grant by hand, to fail early (it also makes the federated provider fetch the issuer's keys once).
sign 1 "$TG_DATA/one.txt" 2>/dev/null
curl -fsS -d @"$TG_DATA/one.txt" "$URL" | grep -q '"access_token"' || {
    echo "Tollgate issued no token for $GRANT:" >&2; curl -sS -d @"$TG_DATA/one.txt" "$URL" >&2; exit 1; }
sign "$ASSERTIONS" "$BODIES"

export BENCH_BODIES="$BODIES" BENCH_CURSOR="$TG_DATA/cursor" BENCH_WRK_THREADS=2
LUA="$BENCH_DIR/once_each.lua" measure "$TG_PID" "$URL" "$DURATION" "$CONNECTIONS" "$GRANT"
echo "assertions_signed=$ASSERTIONS assertions_used=$(cat "$BENCH_CURSOR")" \
    "java=$("${JAVA:-java}" -version 2>&1 | head -1)" \
    "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$TG_PID/status")" \
    "peak_rss_mb=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$TG_PID/status") load=$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${PERF_DATA:-}" ]; then
    jcmd "$TG_PID" Compiler.perfmap >/dev/null 2>&1 || true
    report() { perf report -i "$PERF_DATA" --no-children --sort "$1" --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -"$2"; }
    echo "== CPU by shared object"; report dso 12
    echo "== CPU by thread"; report comm 8
    echo "== top symbols (self)"; report sym 40
    echo "== the request threads' time by category"
    perf script -i "$PERF_DATA" 2>/dev/null | python3 "$BENCH_DIR/categories.py"
    echo "== the worker threads' time by category"
    perf script -i "$PERF_DATA" 2>/dev/null | python3 "$BENCH_DIR/categories.py" executor-thread
fi
