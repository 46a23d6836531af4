-- wrk script: POSTs the form bodies of a file, one per line, each exactly once (grants.sh: single-use jwt-bearer
-- assertions and federated subject tokens; scale.sh: one request per account to warm every cache entry).
--
--   BENCH_BODIES       the file of bodies (application/x-www-form-urlencoded, one per line)
--   BENCH_CURSOR       optional file holding the first unused line, so that successive wrk runs (warm-up, then the
--                      measured run) never send a body twice; read in setup(), written in done()
--   BENCH_WRK_THREADS  wrk's -t (default 2, what measure.sh uses): thread i sends lines cursor+i, cursor+i+T, …
--   BENCH_AT_END       what a thread sends once its share is used up: "error" (default) an invalid grant, which wrk
--                      counts as an error, so a run that needs more bodies than the file holds never looks clean;
--                      "repeat" random lines of its share again, for reusable bodies (scale.sh's warm-up, which runs
--                      wrk in short steps until the cursor reaches the end of the file)
local stride = tonumber(os.getenv("BENCH_WRK_THREADS") or "2")
local repeat_at_end = os.getenv("BENCH_AT_END") == "repeat"
local exhausted_body = "grant_type=bench_bodies_exhausted"

-- Main state: hand each thread its id and the cursor, collect what they used.
local threads = {}
local cursor = 0

local function read_cursor()
    local path = os.getenv("BENCH_CURSOR")
    local f = path and io.open(path, "r")
    if not f then return 0 end
    local n = tonumber(f:read("*l") or "0") or 0
    f:close()
    return n
end

function setup(thread)
    if #threads == 0 then cursor = read_cursor() end
    thread:set("id", #threads)
    thread:set("first", cursor)
    threads[#threads + 1] = thread
end

-- Thread states (globals: done() reads them with thread:get). outstanding: requests not answered yet; since_sent:
-- requests made since the last line sent for the first time.
local bodies = {}
share, sent, missing, outstanding, since_sent = 0, 0, 0, 0, 0

function init(args)
    local line_no = 0
    for line in io.lines(os.getenv("BENCH_BODIES")) do
        if line_no >= first and (line_no - first) % stride == id then bodies[#bodies + 1] = line end
        line_no = line_no + 1
    end
    share = #bodies
end

function request()
    outstanding = outstanding + 1
    local body
    if sent < #bodies then
        sent = sent + 1
        since_sent = 0
        body = bodies[sent]
    elseif repeat_at_end and #bodies > 0 then
        since_sent = since_sent + 1
        body = bodies[math.random(#bodies)]
    else
        since_sent = since_sent + 1
        missing = missing + 1
        body = exhausted_body
    end
    return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

if repeat_at_end then
    -- Requests still unanswered when wrk stops may never have reached the server: sent again next time.
    function response(status, headers, body)
        outstanding = outstanding - 1
    end
end

function done(summary, latency, requests)
    -- The next cursor: past every line sent. Single-use bodies: past the furthest thread (a slower thread's unsent
    -- lines are skipped, never sent twice). Reusable bodies ("repeat"): at the first line a thread that has not
    -- finished its share still owes (lines may be sent twice, none is skipped).
    local furthest, owed, missing_all = 0, nil, 0
    for i, thread in ipairs(threads) do
        local sent = thread:get("sent")
        local next_line = cursor + (i - 1) + sent * stride
        furthest = math.max(furthest, next_line)
        -- Unanswered requests are taken to be the latest ones; those made before the repeats began may be lines.
        local unanswered_lines = math.max(0, thread:get("outstanding") - thread:get("since_sent"))
        if sent < thread:get("share") or unanswered_lines > 0 then
            local answered_line = cursor + (i - 1) + math.max(0, sent - unanswered_lines) * stride
            owed = math.min(owed or answered_line, answered_line)
        end
        missing_all = missing_all + thread:get("missing")
    end
    local next_cursor = furthest
    if repeat_at_end and owed then next_cursor = owed end
    if #threads ~= stride then
        io.stderr:write(string.format("once_each.lua: %d threads but BENCH_WRK_THREADS=%d: bodies may repeat\n",
            #threads, stride))
    end
    local path = os.getenv("BENCH_CURSOR")
    if path then
        local f = assert(io.open(path, "w"))
        f:write(tostring(next_cursor), "\n")
        f:close()
    end
    if missing_all > 0 then
        io.stderr:write(string.format("once_each.lua: the bodies ran out; %d requests sent an invalid grant instead\n",
            missing_all))
    end
end
