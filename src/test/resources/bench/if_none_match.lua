-- wrk script: a GET revalidating with the document's ETag (documents.sh exports ETAG); a 304 counts as success.
wrk.method = "GET"
wrk.headers["If-None-Match"] = os.getenv("ETAG")
