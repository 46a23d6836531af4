-- wrk script: client_credentials (FAULTS_CLIENT_ID / FAULTS_CLIENT_SECRET), counting answers by HTTP status.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=" .. os.getenv("FAULTS_CLIENT_ID")
        .. "&client_secret=" .. os.getenv("FAULTS_CLIENT_SECRET")

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
    counts[tostring(status)] = (counts[tostring(status)] or 0) + 1
end
function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
    end
    for status, n in pairs(total) do io.write(string.format("status %s %d\n", status, n)) end
    local e = summary.errors
    io.write(string.format("socket %d\n", e.connect + e.read + e.write + e.timeout))
end
