#!/usr/bin/env python3
"""Splits `perf script` samples of the server's request threads (vert.x event loops) into where a token's time goes.

    perf script -i target/bench/perf.data | python3 src/test/resources/bench/categories.py [thread-name-prefix]

Only samples of threads whose name starts with the prefix (default: the event loops) count. A sample belongs to the first category (in the order below) that one of its frames matches, leaf first.
"""
import re
import sys
from collections import Counter

CATEGORIES = [
    ("JWT verify (assertion, subject token)", r"support\.jose\.Jws\.verify|org\.jose4j|JwtVerification"),
    ("JWT parse (header, claims)", r"support\.jose\.Jws\.parse"),
    ("replay store (used assertions)", r"UsedAssertions"),
    ("CEL mapping and condition", r"dev\.cel\.|federation\.cel"),
    ("signature (native RSA/ECDSA)", r"libamazonCorrettoCryptoProvider|libcrypto|KeySigner\.sign|sun\.security\.(rsa|ec)"),
    ("API-key hash (HMAC)", r"ApiKeyHasher|javax\.crypto\.Mac|HmacCore"),
    ("claims JSON + JWS assembly", r"token\.Claims|AccessTokens\.mint|Signer\.signJwt"),
    ("random ids (jti, request id)", r"support\.Ids|SecureRandom|NativePRNG"),
    ("audit (queue, group commit)", r"dev\.tollgate\.audit|TokenAudit"),
    ("database client (audit commit)", r"io\.vertx\.pgclient|io\.vertx\.sqlclient"),
    ("metrics (Micrometer)", r"micrometer"),
    ("HTTP response write (flush to the socket)", r"VertxOutputStream|writeAndFlush"),
    ("JSON (Jackson)", r"MessageBodyWriter|jackson"),
    ("form parsing", r"TokenParameters|URLDecoder"),
    ("token path, other Tollgate code", r"dev\.tollgate"),
    ("context propagation (SmallRye)", r"io\.smallrye\.context"),
    ("Mutiny", r"io\.smallrye\.mutiny"),
    ("RESTEasy Reactive", r"resteasy"),
    ("Quarkus HTTP security/routing", r"io\.quarkus\.vertx\.http|io\.quarkus\.oidc|io\.vertx\.ext\.web"),
    ("Vert.x / Netty HTTP", r"io\.vertx|io\.netty"),
    ("kernel (syscalls, network)", r"\[kernel\.kallsyms\]"),
    ("JVM runtime (allocation, stubs)", r"libjvm|Interpreter|StubRoutines|vtable|adapters"),
]
compiled = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]

def classify(frames):
    for name, pattern in compiled:
        if any(pattern.search(frame) for frame in frames):
            return name
    return "other"

THREADS = sys.argv[1] if len(sys.argv) > 1 else "vert.x-eventloo"
counts = Counter()
frames = []
selected = False
for line in sys.stdin:
    if line.strip() == "":
        if selected and frames:
            counts[classify(frames)] += 1
        frames = []
    elif line.startswith((" ", "\t")):
        frames.append(line.strip())
    else:
        selected = line.startswith(THREADS)
if selected and frames:
    counts[classify(frames)] += 1
total = sum(counts.values()) or 1
print("%6s  %s (of %d samples on the request threads)" % ("share", "where", total))
for name, count in counts.most_common():
    print("%5.1f%%  %s" % (100.0 * count / total, name))
