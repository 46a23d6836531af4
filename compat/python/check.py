"""One compatibility check: `python3 check.py <package> <flow>` (Debian's python3-google-auth and python3-jwt).

Prints what it obtained and exits 0, or prints the library's error and exits 1; `--list` names the checks.
"""
import base64
import json
import os
import sys

SCOPE = "https://www.googleapis.com/auth/cloud-platform"


def fixtures():
    with open(os.path.join(os.environ["COMPAT_OUT"], "fixtures.json")) as file:
        return json.load(file)


def claims(jwt_text):
    body = jwt_text.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def expect_tollgate_token(f, token, **expected):
    payload = claims(token)
    if payload["iss"] != f["issuer"]:
        raise ValueError("token issued by %s, not %s" % (payload["iss"], f["issuer"]))
    for claim, value in expected.items():
        if payload.get(claim) != value:
            raise ValueError("token %s=%s, expected %s" % (claim, payload.get(claim), value))
    return "aud=%s" % expected["aud"] if "aud" in expected else "sub=%s" % payload["sub"]


def adc_access_token(f, file, **expected):
    import google.auth
    import google.auth.transport.requests

    os.environ["GOOGLE_APPLICATION_CREDENTIALS"] = file
    credentials, _ = google.auth.default(scopes=[SCOPE])
    credentials.refresh(google.auth.transport.requests.Request())
    return expect_tollgate_token(f, credentials.token, **expected)


def key_file_id_token(f):
    import google.auth.transport.requests
    from google.oauth2 import service_account

    credentials = service_account.IDTokenCredentials.from_service_account_file(
        f["files"]["keyFile"], target_audience=f["idTokenAudience"])
    credentials.refresh(google.auth.transport.requests.Request())
    return expect_tollgate_token(f, credentials.token, aud=f["idTokenAudience"])


def verify_id_token_x509(f):
    import google.auth.transport.requests
    from google.oauth2 import id_token

    payload = id_token.verify_token(
        f["idToken"], google.auth.transport.requests.Request(), audience=f["idTokenAudience"],
        certs_url=f["issuer"] + "/oauth2/v1/certs")
    if payload["iss"] != f["issuer"]:
        raise ValueError("verified, but issued by %s" % payload["iss"])
    return "verified, email=%s" % payload["email"]


def verify_jwks(f, token, audience):
    import jwt
    import requests

    discovery = requests.get(f["issuer"] + "/.well-known/openid-configuration").json()
    key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
    payload = jwt.decode(token, key.key, algorithms=discovery["id_token_signing_alg_values_supported"],
                         audience=audience, issuer=discovery["issuer"])
    return "verified sub=%s" % payload["sub"]


GOOGLE_AUTH = {
    "key-file-access-token": lambda f: adc_access_token(f, f["files"]["keyFile"], email=f["callerEmail"]),
    "key-file-id-token": key_file_id_token,
    "adc-external-file": lambda f: adc_access_token(f, f["files"]["fileSourced"]),
    "adc-external-url": lambda f: adc_access_token(f, f["files"]["urlSourced"]),
    "adc-external-file-impersonated": lambda f: adc_access_token(
        f, f["files"]["fileSourcedImpersonated"], email=f["targetEmail"]),
    "adc-external-url-impersonated": lambda f: adc_access_token(
        f, f["files"]["urlSourcedImpersonated"], email=f["targetEmail"]),
    "adc-impersonated": lambda f: adc_access_token(f, f["files"]["impersonated"], email=f["targetEmail"]),
    "verify-id-token-x509": verify_id_token_x509,
}
PYJWT = {
    "verify-access-token-jwks": lambda f: verify_jwks(f, f["accessToken"], f["issuer"]),
    "verify-id-token-jwks": lambda f: verify_jwks(f, f["idToken"], f["idTokenAudience"]),
}
FLOWS = {"google-auth": GOOGLE_AUTH, "PyJWT": PYJWT}


def version(package):
    if package == "google-auth":
        from importlib import metadata
        return metadata.version("google-auth")
    import jwt
    return jwt.__version__


def main(args):
    if args[0] == "--list":
        for package, flows in FLOWS.items():
            for flow in flows:
                print(package, version(package), flow)
        return 0
    try:
        print(FLOWS[args[0]][args[1]](fixtures()))
        return 0
    except Exception as error:  # the check reports any failure of the library as its verdict
        print(("%s: %s" % (type(error).__name__, error)).splitlines()[0])
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
