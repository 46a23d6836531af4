-- wrk script: holds a fixed request rate (latency.sh). Loads another script for the requests themselves
-- (BENCH_PACED_LUA, default client_credentials.lua beside this one) and adds wrk's delay() hook: each thread sends
-- on a fixed schedule of BENCH_RATE / BENCH_WRK_THREADS requests per second, spread over its connections, so the
-- run holds BENCH_RATE requests per second in total as long as the server keeps up. wrk measures each latency from
-- the moment the request is written, not from its slot in the schedule (no correction for coordinated omission,
-- as wrk2 would make): at a rate the server sustains the two are the same; check the achieved rate in the report.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(os.getenv("BENCH_PACED_LUA") or (here .. "client_credentials.lua"))

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
    return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("BENCH_RATE") or error("BENCH_RATE (requests per second in total) is required"))
local interval_ms = 1000 * tonumber(os.getenv("BENCH_WRK_THREADS") or "2") / rate
local next_slot

-- Called before every request of this thread: milliseconds to wait before sending it.
function delay()
    local now = now_ms()
    if not next_slot or next_slot < now - 1000 then next_slot = now end    -- start, or more than 1 s behind: skip
    local wait = next_slot - now
    next_slot = next_slot + interval_ms
    return wait > 0 and math.floor(wait + 0.5) or 0
end
