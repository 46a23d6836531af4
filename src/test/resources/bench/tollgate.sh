# Sourced by the benchmark scripts: starts the packaged Tollgate on a fresh data directory (embedded PostgreSQL) and
# creates one service account with an API key for the client_credentials grant.
#
#   start_tollgate ALGORITHM   sets TG_PID, TG_DATA, TG_BASE; exports BENCH_CLIENT_ID, BENCH_CLIENT_SECRET
#   stop_tollgate
#
# Environment: TG_PORT (default 18431), JAVA (default java), JAVA_OPTS (default: the memory
# settings of docs/operations.md, "Memory"; JAVA_OPTS= for the JVM defaults), JAR (default target/quarkus-app/quarkus-run.jar),
# TG_PROVIDER (tollgate.keys.crypto-provider: auto, jdk or accp; default auto).
# docs/operations.md, "Memory": the options of README's start command, read from it so that the two cannot drift.
MEMORY_OPTS=$(sed -n 's/^MEMORY_OPTS="\(.*\)"$/\1/p' "${BENCH_DIR:-src/test/resources/bench}/../../../../bin/tollgate")
[ -n "$MEMORY_OPTS" ] || { echo "no MEMORY_OPTS in bin/tollgate" >&2; exit 1; }

start_tollgate() {
    _algorithm=$1
    TG_PORT=${TG_PORT:-18431}
    TG_BASE=http://127.0.0.1:$TG_PORT
    _jar=${JAR:-target/quarkus-app/quarkus-run.jar}
    [ -f "$_jar" ] || { echo "$_jar is missing: ./mvnw -B -q package -DskipTests" >&2; return 1; }
    TG_DATA=$(mktemp -d)
    _started=$(date +%s%N)
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "${JAVA:-java}" ${JAVA_OPTS-$MEMORY_OPTS} -Dquarkus.http.port="$TG_PORT" -Dtollgate.data-dir="$TG_DATA" \
        -Dtollgate.issuer="$TG_BASE" -Dtollgate.keys.algorithm="$_algorithm" \
        -Dtollgate.keys.crypto-provider="${TG_PROVIDER:-auto}" -Dquarkus.log.level=WARN \
        -Dquarkus.log.category.\"dev.tollgate.keys.SigningProvider\".level=INFO \
        -jar "$_jar" >>"$TG_DATA/server.log" 2>&1 &
    TG_PID=$!
    _i=0
    until curl -fs "$TG_BASE/q/health/ready" >/dev/null 2>&1; do
        _i=$((_i + 1))
        [ $_i -gt 1200 ] && { echo "Tollgate not ready after 120 s; log:" >&2; tail -50 "$TG_DATA/server.log" >&2; return 1; }
        sleep 0.1
    done
    TG_READY_MS=$((($(date +%s%N) - _started) / 1000000))
    _admin=$(cat "$TG_DATA/bootstrap-admin.key")
    _account=$(curl -fsS -H "Authorization: Bearer $_admin" -H 'Content-Type: application/json' \
        -d '{"accountId":"bench-client","serviceAccount":{"displayName":"bench","defaultTeam":"teams/admins"}}' \
        "$TG_BASE/v1/organizations/default/serviceAccounts")
    _name=$(echo "$_account" | python3 -c "import json,sys; print(json.load(sys.stdin)['name'])")
    BENCH_CLIENT_ID=$(echo "$_account" | python3 -c "import json,sys; print(json.load(sys.stdin)['email'])")
    BENCH_CLIENT_SECRET=$(curl -fsS -H "Authorization: Bearer $_admin" -H 'Content-Type: application/json' \
        -d '{"displayName":"bench"}' "$TG_BASE/v1/$_name/apiKeys" \
        | python3 -c "import json,sys; print(json.load(sys.stdin)['keyString'])")
    export BENCH_CLIENT_ID BENCH_CLIENT_SECRET
    TG_URL=$TG_BASE/oauth2/token
    # One token by hand, to fail early.
    curl -fsS -d "grant_type=client_credentials&client_id=$BENCH_CLIENT_ID&client_secret=$BENCH_CLIENT_SECRET" \
        "$TG_URL" | grep -q '"access_token"' || { echo "Tollgate issued no token" >&2; return 1; }
}

stop_tollgate() {
    # Under `set -e` a failing kill or wait (143 for a killed server) would end the calling script.
    [ -z "${TG_PID:-}" ] || { kill "$TG_PID" 2>/dev/null && wait "$TG_PID" 2>/dev/null; } || true
    [ -z "${TG_DATA:-}" ] || rm -rf "$TG_DATA"
    TG_PID= TG_DATA=
}

# seed_accounts N FILE: N more service accounts (clones of bench-client's home and team), one API key each, written
# straight into the embedded PostgreSQL; the keys are hashed as ApiKeyHasher does (HMAC-SHA256 under the data
# directory's pepper). FILE receives "client_id client_secret" lines for many_clients.lua. No sa:{uniqueId} key sets
# are made (the client_credentials path does not use them).
seed_accounts() {
    _n=$1 _file=$2
    _pgport=$(sed -n 4p "$TG_DATA/postgres/postmaster.pid")
    # The embedded PostgreSQL accepts password (SCRAM) logins only; Tollgate keeps the password in its data directory.
    _sql() { PGPASSWORD=$(cat "$TG_DATA/postgres/db-password") psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$_pgport" -U postgres postgres "$@"; }
    _sql -c "INSERT INTO service_accounts (unique_id, home, account_id, email, display_name, default_team, create_time)
        SELECT (900000000000000000000::numeric + g)::text, s.home, 'seed-' || g,
               'seed-' || g || substr(s.email, position('@' in s.email)), 'seed', s.default_team, now()
        FROM service_accounts s, generate_series(1, $_n) g WHERE s.account_id = 'bench-client'"
    _domain=$(echo "$BENCH_CLIENT_ID" | sed 's/^[^@]*//')
    python3 - "$_n" "$_domain" "$TG_DATA/api-key-pepper" "$_file" "$TG_DATA/keys.csv" <<'PY'
import base64, hashlib, hmac, secrets, string, sys
n, domain, pepper_file, clients, csv = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
pepper = base64.b64decode(open(pepper_file).read().strip())
alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
with open(clients, "w") as out, open(csv, "w") as rows:
    for i in range(1, n + 1):
        key_id = secrets.token_hex(8)
        key = "tg_%s_%s" % (key_id, "".join(secrets.choice(alphabet) for _ in range(43)))
        digest = hmac.new(pepper, key.encode("ascii"), hashlib.sha256).hexdigest()
        out.write("seed-%d%s %s\n" % (i, domain, key))
        rows.write("%s,%d,seed,\\x%s,%s\n" % (key_id, 900000000000000000000 + i, digest, "now"))
PY
    _sql -c "\\copy service_account_api_keys (key_id, account_id, display_name, secret_hash, create_time) FROM '$TG_DATA/keys.csv' WITH (FORMAT csv)"
}
