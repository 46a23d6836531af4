#!/usr/bin/env python3
"""Pre-signs single-use grants for grants.sh: one application/x-www-form-urlencoded token request per line.

  sign_grants.py issuer DIR ISSUER_URL
      a test OIDC issuer's files in DIR, for `python3 -m http.server --directory DIR`: an RSA-2048 key
      (DIR/key.pem, never served: the server is given DIR/www), DIR/www/.well-known/openid-configuration and
      DIR/www/jwks.json. Prints the key id.
  sign_grants.py jwt-bearer KEY_FILE N OUT
      N jwt-bearer requests (RFC 7523), each with a fresh assertion (own jti) signed by the key file from
      POST .../keys (the decoded privateKeyData): what google-auth-library sends, aud = the file's token_uri.
  sign_grants.py federated DIR ISSUER_URL KID AUDIENCE N OUT
      N token-exchange requests (RFC 8693) with a fresh GitHub-Actions-like subject token each (own jti, one of
      1,000 repositories), signed with DIR/key.pem.

Signing uses every core (multiprocessing); RS256 by hand with the cryptography package.
"""
import base64
import json
import multiprocessing
import os
import sys
import time
import urllib.parse
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SCOPE = "https://www.googleapis.com/auth/cloud-platform"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_uint(n):
    return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def sign(key, header, claims):
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + b64url(
        json.dumps(claims, separators=(",", ":")).encode())
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(signature)


def issuer(directory, issuer_url):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    kid = "bench-" + uuid.uuid4().hex[:12]
    os.makedirs(os.path.join(directory, "www", ".well-known"), exist_ok=True)
    with open(os.path.join(directory, "key.pem"), "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    with open(os.path.join(directory, "www", ".well-known", "openid-configuration"), "w") as out:
        json.dump({"issuer": issuer_url, "jwks_uri": issuer_url + "/jwks.json", "response_types_supported": ["id_token"],
                   "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}, out)
    with open(os.path.join(directory, "www", "jwks.json"), "w") as out:
        json.dump({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                             "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e)}]}, out)
    print(kid)


def jwt_bearer_chunk(args):
    key_file, start, count = args
    credentials = json.load(open(key_file))
    key = serialization.load_pem_private_key(credentials["private_key"].encode(), password=None)
    header = {"alg": "RS256", "typ": "JWT", "kid": credentials["private_key_id"]}
    now = int(time.time())
    lines = []
    for _ in range(count):
        claims = {"iss": credentials["client_email"], "aud": credentials["token_uri"], "scope": SCOPE,
                  "iat": now, "exp": now + 3600, "jti": str(uuid.uuid4())}
        lines.append("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="
                     + sign(key, header, claims))
    return lines


def federated_chunk(args):
    directory, issuer_url, kid, audience, start, count = args
    with open(os.path.join(directory, "key.pem"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    header = {"alg": "RS256", "typ": "JWT", "kid": kid}
    now = int(time.time())
    form = "&".join([
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange",
        "subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt",
        "requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token",
        "audience=" + urllib.parse.quote(audience, safe=""),
        "scope=" + urllib.parse.quote(SCOPE, safe=""),
    ])
    lines = []
    for i in range(start, start + count):
        repository = "bench-org/repo-%d" % (i % 1000)
        claims = {"iss": issuer_url, "aud": audience, "sub": "repo:%s:ref:refs/heads/main" % repository,
                  "repository": repository, "repository_owner": "bench-org", "ref": "refs/heads/main",
                  "actor": "bench-bot", "workflow": "ci", "iat": now, "nbf": now, "exp": now + 3600,
                  "jti": str(uuid.uuid4())}
        lines.append(form + "&subject_token=" + sign(key, header, claims))
    return lines


def write_parallel(function, fixed, n, out):
    workers = os.cpu_count() or 1
    size = (n + workers - 1) // workers
    chunks = [fixed + (start, min(size, n - start)) for start in range(0, n, size)]
    started = time.time()
    with multiprocessing.Pool(workers) as pool, open(out, "w") as f:
        for lines in pool.imap(function, chunks):
            f.write("\n".join(lines) + "\n")
    print("signed %d in %.1f s" % (n, time.time() - started), file=sys.stderr)


def main(argv):
    if argv[1] == "issuer":
        issuer(argv[2], argv[3])
    elif argv[1] == "jwt-bearer":
        write_parallel(jwt_bearer_chunk, (argv[2],), int(argv[3]), argv[4])
    elif argv[1] == "federated":
        write_parallel(federated_chunk, (argv[2], argv[3], argv[4], argv[5]), int(argv[6]), argv[7])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
