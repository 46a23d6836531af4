#!/bin/bash
# Fault-injection suite: N replicas of the packaged server on one PostgreSQL (the machine's, on 127.0.0.1:5432,
# reached through faults/proxy.py), client_credentials load from wrk on every replica, and one fault per round:
#   db-restart   pg_ctlcluster restarts PostgreSQL
#   conn-loss    the proxy drops every database connection once
#   kill-9       one replica is killed with SIGKILL, then started again
#   sigterm      one replica gets SIGTERM under load, then is started again
#   outage       the database is unreachable for OUTAGE seconds (the proxy refuses and drops connections)
# Per round it prints: requests and answers by status from wrk, socket errors (wrk counts refused connections of a
# dead replica in a tight loop), recovery time (to the last failed probe: one token request per replica every 200 ms,
# kept up past the round until every replica answers 200, at most 180 s more), counted from the injection and from
# the fault's end (PostgreSQL back, outage over, replica restarted), the slowest 503 the probe saw, and audit rows
# expected (tokens answered 200 to wrk and the probe) vs written (new IssueToken/OK rows in audit_log).
#
#   ./mvnw -B -q package -DskipTests
#   faults/run.sh [replicas=2] [seconds-per-round=20] [faults="db-restart conn-loss kill-9 sigterm outage"]
#
# Needs: wrk (apt-get install -y wrk), python3, curl, psql, and a local PostgreSQL administered as OS user postgres
# (Debian's postgresql-15: pg_ctlcluster). Bounded: every loop stops by itself; everything started is stopped on exit.
set -euo pipefail
REPLICAS=${1:-2}
ROUND=${2:-20}
FAULTS=${3:-"db-restart conn-loss kill-9 sigterm outage"}
OUTAGE=${OUTAGE:-8}
PG_VERSION=${PG_VERSION:-15}
PROXY_PORT=${PROXY_PORT:-15433}
BASE_PORT=${BASE_PORT:-18500}
DB=tollgate_faults
DB_PASSWORD=tollgate_faults
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in wrk python3 curl psql; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "$JAR is missing: ./mvnw -B -q package -DskipTests" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}" $(cat "$WORK"/replica-*.pid 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    echo "logs kept in $WORK"
}
trap cleanup EXIT INT TERM

as_postgres() { su postgres -c "$1"; }
as_postgres "psql -qc \"DROP DATABASE IF EXISTS $DB\" -c \"DROP ROLE IF EXISTS $DB\"" >/dev/null
as_postgres "psql -qc \"CREATE ROLE $DB LOGIN PASSWORD '$DB_PASSWORD'\" -c \"CREATE DATABASE $DB OWNER $DB\"" >/dev/null
sql() { PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p 5432 -U $DB -d $DB -Atqc "$1"; }

python3 "$HERE/proxy.py" "$PROXY_PORT" 127.0.0.1 5432 >"$WORK/proxy.log" 2>&1 &
PROXY=$!
PIDS+=($PROXY)

MASTER_KEY=$(head -c 32 /dev/urandom | base64)
PEPPER=$(head -c 32 /dev/urandom | base64)
port() { echo $((BASE_PORT + $1)); }
start_replica() {
    local i=$1 p
    p=$(port "$i")
    mkdir -p "$WORK/data-$i"
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PROXY_PORT/$DB" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PROXY_PORT/$DB" \
    QUARKUS_DATASOURCE_USERNAME=$DB QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD \
    TOLLGATE_KEYS_MASTER_KEY=$MASTER_KEY TOLLGATE_SERVICE_ACCOUNTS_API_KEY_PEPPER=$PEPPER \
    TOLLGATE_DATA_DIR="$WORK/data-$i" TOLLGATE_ISSUER="http://127.0.0.1:$(port 1)" \
        java -Dquarkus.http.port="$p" -Dquarkus.log.level=WARN -jar "$JAR" >>"$WORK/replica-$i.log" 2>&1 &
    echo $! >"$WORK/replica-$i.pid"
}
wait_ready() { # replica, timeout seconds; prints the seconds it took
    local i=$1 limit=$2 start now
    start=$(date +%s.%N)
    for _ in $(seq 1 $((limit * 5))); do
        if curl -fs "http://127.0.0.1:$(port "$i")/q/health/ready" >/dev/null 2>&1; then
            now=$(date +%s.%N); awk -v a="$start" -v b="$now" 'BEGIN{printf "%.1f", b - a}'; return 0
        fi
        sleep 0.2
    done
    echo "replica $i not ready after ${limit}s" >&2; tail -30 "$WORK/replica-$i.log" >&2; return 1
}

start_replica 1
wait_ready 1 120 >/dev/null
for i in $(seq 2 "$REPLICAS"); do start_replica "$i"; done
for i in $(seq 2 "$REPLICAS"); do wait_ready "$i" 120 >/dev/null; done

BASE=http://127.0.0.1:$(port 1)
ADMIN_KEY=$(cat "$WORK/data-1/bootstrap-admin.key")
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { curl -fsS -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }
ACCOUNT=$(api -d '{"accountId":"faults-client","serviceAccount":{"displayName":"faults","defaultTeam":"teams/admins"}}' \
    "$BASE/v1/organizations/default/serviceAccounts")
export FAULTS_CLIENT_ID; FAULTS_CLIENT_ID=$(echo "$ACCOUNT" | json "['email']")
export FAULTS_CLIENT_SECRET
FAULTS_CLIENT_SECRET=$(api -d '{"displayName":"faults"}' "$BASE/v1/$(echo "$ACCOUNT" | json "['name']")/apiKeys" \
    | json "['keyString']")
sleep 2 # every replica learns the new key through the change feed
BODY="grant_type=client_credentials&client_id=$FAULTS_CLIENT_ID&client_secret=$FAULTS_CLIENT_SECRET"
for i in $(seq 1 "$REPLICAS"); do curl -fsS -d "$BODY" "http://127.0.0.1:$(port "$i")/oauth2/token" >/dev/null; done
audit_rows() { sql "SELECT count(*) FROM audit_log WHERE method = 'IssueToken' AND result = 'OK'"; }

probe() { # one token request per replica every 200 ms ("epoch status seconds" lines), past the round until all answer 200
    local end=$1 failed=1 status
    while [ "$(date +%s)" -lt "$end" ] || { [ $failed -eq 1 ] && [ "$(date +%s)" -lt $((end + 180)) ]; }; do
        failed=0
        for i in $(seq 1 "$REPLICAS"); do
            status=$(curl -s -o /dev/null -m 2 -w '%{http_code} %{time_total}' -d "$BODY" \
                "http://127.0.0.1:$(port "$i")/oauth2/token")
            echo "$(date +%s.%N) $status"
            [ "${status%% *}" = 200 ] || failed=1
        done
        sleep 0.2
    done
}

inject() { # fault; runs at second 5 of the round
    case $1 in
        db-restart) pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main restart ;;
        conn-loss) kill -USR1 "$PROXY" ;;
        outage) kill -USR2 "$PROXY"; sleep "$OUTAGE"; kill -USR2 "$PROXY" ;;
        kill-9|sigterm)
            local victim=$REPLICAS pid
            pid=$(cat "$WORK/replica-$victim.pid")
            local signalled; signalled=$(date +%s.%N)
            if [ "$1" = kill-9 ]; then kill -9 "$pid"; else kill -TERM "$pid"; fi
            for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            echo "replica $victim exited $(awk -v a="$signalled" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')s after the signal"
            start_replica "$victim"
            echo "restarted replica $victim ready in $(wait_ready "$victim" 120)s" ;;
    esac
}

printf '\n%-11s %9s %-28s %7s %9s %9s %9s %9s %9s\n' fault requests "answers by status" socket recovery \
    after-end slow-503 audit-exp audit-wr
for fault in $FAULTS; do
    sleep 3
    before=$(audit_rows)
    end=$(( $(date +%s) + ROUND ))
    probe "$end" >"$WORK/$fault.probe" &
    PROBE=$!
    for i in $(seq 1 "$REPLICAS"); do
        wrk -t1 -c8 -d"${ROUND}s" -s "$HERE/counting.lua" "http://127.0.0.1:$(port "$i")/oauth2/token" \
            >"$WORK/$fault.wrk-$i" 2>&1 &
        PIDS+=($!)
    done
    sleep 5
    fault_at=$(date +%s.%N)
    inject "$fault" >"$WORK/$fault.inject" 2>&1 || echo "injecting $fault failed: $(cat "$WORK/$fault.inject")" >&2
    fault_end=$(date +%s.%N)
    wait "$PROBE" || true
    for i in $(seq 1 "$REPLICAS"); do wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; done
    sleep 4 # audit entries are written in batches: give the last batch time to land
    after=$(audit_rows)
    statuses=$(cat "$WORK/$fault".wrk-* | awk '/^status /{n[$2]+=$3} END{for (s in n) printf "%s:%d ", s, n[s]}')
    ok=$(cat "$WORK/$fault".wrk-* | awk '/^status 200 /{n+=$3} END{print n+0}')
    requests=$(cat "$WORK/$fault".wrk-* | awk '/^status /{n+=$3} END{print n+0}')
    socket=$(cat "$WORK/$fault".wrk-* | awk '/^socket /{n+=$2} END{print n+0}')
    probe_ok=$(awk '$2=="200"{n++} END{print n+0}' "$WORK/$fault.probe")
    recovered() { # seconds from $1 to the last failed probe after it
        awk -v t="$1" '$1 >= t && $2 != "200" {last=$1} END{ if (last) printf "%.1fs", last - t + 0.2; else print "0s" }' \
            "$WORK/$fault.probe"
    }
    slowest_503=$(awk '$2=="503" && $3 > m {m=$3} END{ if (m) printf "%.0fms", m * 1000; else print "-" }' "$WORK/$fault.probe")
    printf '%-11s %9s %-28s %7s %9s %9s %9s %9s %9s\n' "$fault" "$requests" "$statuses" "$socket" "$(recovered "$fault_at")" \
        "$(recovered "$fault_end")" "$slowest_503" "$((ok + probe_ok))" "$((after - before))"
    grep -hE "ready in|after the signal" "$WORK/$fault.inject" 2>/dev/null | sed 's/^/            /' || true
done
echo
echo "replicas=$REPLICAS round=${ROUND}s outage=${OUTAGE}s date=$(date -u +%FT%TZ) cpus=$(nproc) load=\"$(cut -d" " -f1-3 /proc/loadavg)\" java=$(java -version 2>&1 | head -1)"
