-- wrk script: client_credentials with a random one of many service accounts per request (see seed_accounts in
-- tollgate.sh); BENCH_CREDENTIALS names the file of "client_id client_secret" lines.
local bodies = {}

function init(args)
    for line in io.lines(os.getenv("BENCH_CREDENTIALS")) do
        local id, secret = line:match("(%S+) (%S+)")
        bodies[#bodies + 1] = "grant_type=client_credentials&client_id=" .. id .. "&client_secret=" .. secret
    end
    math.randomseed(os.time() + tonumber(tostring(bodies):match("0x(%x+)"), 16))
end

function request()
    return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" },
        bodies[math.random(#bodies)])
end
