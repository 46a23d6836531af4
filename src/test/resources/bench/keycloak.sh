# Sourced by the benchmark scripts: Keycloak (start-dev, its H2 database) with a realm "bench" and one confidential
# client "bench" with service accounts enabled, configured through the admin REST API.
#
#   start_keycloak   sets KC_PID (the JVM), KC_URL (token endpoint); exports BENCH_CLIENT_ID, BENCH_CLIENT_SECRET
#   stop_keycloak
#
# Environment: KC_VERSION (default 26.7.3), KC_PORT (default 18432), KC_HOME (default target/keycloak-$KC_VERSION;
# fetched from Maven Central with `mvn dependency:copy` and unzipped when missing; never committed).
start_keycloak() {
    KC_VERSION=${KC_VERSION:-26.7.3}
    KC_PORT=${KC_PORT:-18432}
    KC_HOME=${KC_HOME:-target/keycloak-$KC_VERSION}
    _kc=http://127.0.0.1:$KC_PORT
    if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
        _zip=$(mktemp -d)
        mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
            -DoutputDirectory="$_zip" >&2 || return 1
        mkdir -p "$(dirname "$KC_HOME")"
        unzip -q "$_zip/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$_zip"
        mv "$_zip/keycloak-$KC_VERSION" "$KC_HOME"
        rm -rf "$_zip"
    fi
    rm -rf "$KC_HOME/data"
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
        "$KC_HOME/bin/kc.sh" start-dev --http-port "$KC_PORT" --log-level=WARN >"$KC_HOME/server.log" 2>&1 &
    _launcher=$!
    _i=0
    until curl -fs "$_kc/realms/master" >/dev/null 2>&1; do
        _i=$((_i + 1))
        [ $_i -gt 300 ] && { echo "Keycloak not ready after 300 s; log:" >&2; tail -50 "$KC_HOME/server.log" >&2; return 1; }
        sleep 1
    done
    KC_PID=$(listener_pid "$KC_PORT")
    [ -n "$KC_PID" ] || KC_PID=$_launcher
    _admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
        "$_kc/realms/master/protocol/openid-connect/token" \
        | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
    curl -fsS -H "Authorization: Bearer $_admin" -H 'Content-Type: application/json' \
        -d '{"realm":"bench","enabled":true}' "$_kc/admin/realms" >/dev/null
    BENCH_CLIENT_ID=bench
    BENCH_CLIENT_SECRET=bench-secret-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
    curl -fsS -H "Authorization: Bearer $_admin" -H 'Content-Type: application/json' -d "{\"clientId\":\"bench\",
        \"enabled\":true,\"publicClient\":false,\"secret\":\"$BENCH_CLIENT_SECRET\",\"serviceAccountsEnabled\":true,
        \"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false}" "$_kc/admin/realms/bench/clients" >/dev/null
    export BENCH_CLIENT_ID BENCH_CLIENT_SECRET
    KC_URL=$_kc/realms/bench/protocol/openid-connect/token
    curl -fsS -d "grant_type=client_credentials&client_id=bench&client_secret=$BENCH_CLIENT_SECRET" "$KC_URL" \
        | grep -q '"access_token"' || { echo "Keycloak issued no token" >&2; return 1; }
}

stop_keycloak() {
    # Under `set -e` a failing kill or wait (143 for a killed launcher) would end the calling script.
    [ -z "${KC_PID:-}" ] || kill "$KC_PID" 2>/dev/null || true
    [ -z "${_launcher:-}" ] || wait "$_launcher" 2>/dev/null || true
    KC_PID= _launcher=
}
