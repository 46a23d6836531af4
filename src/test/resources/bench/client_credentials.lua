-- wrk script: the client_credentials grant with one service account's API key (see run.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=" .. os.getenv("BENCH_CLIENT_ID")
        .. "&client_secret=" .. os.getenv("BENCH_CLIENT_SECRET")
