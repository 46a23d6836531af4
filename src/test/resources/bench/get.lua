-- wrk script: a plain GET (documents.sh).
wrk.method = "GET"
