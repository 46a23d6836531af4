#!/bin/sh
# Start-up time with an existing embedded database: starts the packaged server on a fresh data directory, stops it,
# starts it again on the same directory (SECOND_STARTS times, default 1) and prints how long each start took until
# /q/health/ready answered: wall time, and the CPU seconds the JVM had used by then (user + system, from /proc; the
# figure to compare on a shared machine, where wall time follows the load).
#
#   ./mvnw -B -q package -DskipTests
#   src/test/resources/bench/startup.sh
#
# Environment: TG_PORT (default 18431), JAVA (default java), JAVA_OPTS (default: the
# memory settings of docs/operations.md, "Memory"; JAVA_OPTS= for the JVM defaults), JAR (default target/quarkus-app/quarkus-run.jar).
set -eu
# docs/operations.md, "Memory" (the README start command and the Kubernetes manifests use the same)
MEMORY_OPTS="-XX:+UseSerialGC -Xmx256m -Xmn24m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:TrimNativeHeapInterval=5000"
TG_PORT=${TG_PORT:-18431}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
DATA=$(mktemp -d)
PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT INT TERM
# An AppCDS archive (package with -Dquarkus.package.jar.appcds.enabled=true) is used when present; it only loads when
# the server runs from the jar's own directory (docs/operations.md, "Start-up").
APP_DIR=$(cd "$(dirname "$JAR")" && pwd)
CDS=
[ -f "$APP_DIR/app-cds.jsa" ] && CDS=-XX:SharedArchiveFile=app-cds.jsa
start() {
    started=$(date +%s%N)
    # shellcheck disable=SC2086
    (cd "$APP_DIR" && MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} exec "${JAVA:-java}" ${JAVA_OPTS-$MEMORY_OPTS} $CDS \
        -Dquarkus.http.port="$TG_PORT" -Dtollgate.data-dir="$DATA" -Dtollgate.issuer="http://127.0.0.1:$TG_PORT" \
        -Dquarkus.log.level=WARN -jar "$(basename "$JAR")" >>"$DATA/server.log" 2>&1) &
    PID=$!
    until curl -fs "http://127.0.0.1:$TG_PORT/q/health/ready" >/dev/null 2>&1; do sleep 0.05; done
    ready=$(date +%s%N)
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$PID/stat")
    echo "$1 start: ready in $(((ready - started) / 1000000)) ms, cpu_s=$cpu," \
        "rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status")"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
}
start first
i=0
while [ "$i" -lt "${SECOND_STARTS:-1}" ]; do
    start second
    i=$((i + 1))
done
echo "java=$("${JAVA:-java}" -version 2>&1 | head -1) opts=${JAVA_OPTS-$MEMORY_OPTS} ${CDS:-(no AppCDS archive)}" \
    "load=$(cut -d' ' -f1-3 /proc/loadavg)"
