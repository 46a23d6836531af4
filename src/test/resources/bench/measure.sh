# Sourced by the benchmark scripts: drives one server with wrk and reports per server CPU-second.
#
#   measure PID URL SECONDS CONNECTIONS LABEL     (BENCH_CLIENT_ID / BENCH_CLIENT_SECRET name the client)
#
# Warms up for WARMUP seconds (default 20; with WARMUP_CPU, until the server has used that many CPU-seconds), then runs wrk --latency for SECONDS and reads the server process's
# user+system CPU time from /proc/PID/stat before and after. Prints wrk's report, then one line
#   RESULT label=… tokens=… errors=… tokens_per_s=… cpu_s=… tokens_per_cpu_s=… p50=… p99=…
# that the other scripts parse. LUA (default client_credentials.lua) chooses the request; PROFILE=file.jfr records
# a JFR profile of the measured interval (JVM servers only); PERF_DATA=file.data samples it with Linux perf instead
# (start the JVM with -XX:+PreserveFramePointer; profile.sh and grants.sh do it for you).
BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "$0")" && pwd)}

measure() {
    _pid=$1 _url=$2 _seconds=$3 _connections=$4 _label=$5
    _lua=${LUA:-$BENCH_DIR/client_credentials.lua}
    _out=$(mktemp)
    if [ "${WARMUP:-20}" -gt 0 ]; then
        wrk -t2 -c"$_connections" -d"${WARMUP:-20}s" -s "$_lua" "$_url" >/dev/null
    fi
    # On a shared machine a wall-clock warm-up may leave the JIT half done: WARMUP_CPU=N goes on warming up in 5 s
    # steps until the server has used N CPU-seconds since it started (at most WARMUP_MAX seconds, default 600).
    _waited=0
    while [ -n "${WARMUP_CPU:-}" ] && [ "$(cpu_seconds "$_pid")" -lt "$WARMUP_CPU" ] \
        && [ "$_waited" -lt "${WARMUP_MAX:-600}" ]; do
        wrk -t2 -c"$_connections" -d5s -s "$_lua" "$_url" >/dev/null
        _waited=$((_waited + 5))
    done
    if [ -n "${PROFILE:-}" ]; then
        jcmd "$_pid" JFR.start name=bench settings=profile filename="$PROFILE" duration="${_seconds}s" >/dev/null
    fi
    if [ -n "${PERF_DATA:-}" ]; then
        perf record -q -F 997 -g -p "$_pid" -o "$PERF_DATA" -- sleep "$_seconds" >/dev/null 2>&1 &
        _perf=$!
    fi
    _ticks=$(getconf CLK_TCK)
    _cpu0=$(awk '{print $14 + $15}' "/proc/$_pid/stat")
    wrk -t2 -c"$_connections" -d"${_seconds}s" --latency -s "$_lua" "$_url" >"$_out"
    _cpu1=$(awk '{print $14 + $15}' "/proc/$_pid/stat")
    [ -z "${PERF_DATA:-}" ] || wait "$_perf" || true
    [ -n "${QUIET:-}" ] || cat "$_out"
    awk -v label="$_label" -v d="$_seconds" -v c0="$_cpu0" -v c1="$_cpu1" -v t="$_ticks" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /requests in/ { requests = $1 }
        /Non-2xx/ { errors = $NF }
        /Socket errors/ { gsub(",", ""); socket = $4 + $6 + $8 + $10 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END {
            ok = requests - errors; cpu = (c1 - c0) / t
            printf "RESULT label=%s tokens=%d errors=%d tokens_per_s=%.0f cpu_s=%.1f tokens_per_cpu_s=%.0f p50_ms=%.2f p99_ms=%.2f\n",
                label, ok, errors + socket, ok / d, cpu, (cpu > 0 ? ok / cpu : 0), p50, p99 }' "$_out"
    rm -f "$_out"
}

# Whole CPU-seconds (user + system) process $1 has used since it started.
cpu_seconds() {
    awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) / t)}' "/proc/$1/stat"
}

# The pid of the process listening on TCP port $1 (the JVM behind a launcher script).
listener_pid() {
    ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

# One-core OpenSSL signing rates on this machine: "rsa2048_sign_s=… ecdsap256_sign_s=…".
openssl_rates() {
    _rsa=$(openssl speed -seconds "${OPENSSL_SECONDS:-3}" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $(NF-1)}')
    _ec=$(openssl speed -seconds "${OPENSSL_SECONDS:-3}" ecdsap256 2>/dev/null | awk '/nistp256\)/ {print $(NF-1)}')
    echo "rsa2048_sign_s=$_rsa ecdsap256_sign_s=$_ec"
}
