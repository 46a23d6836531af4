package dev.tollgate.federation.verify;

import static dev.tollgate.federation.FederationRejection.quoted;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.support.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/** The named header and claim checks of a foreign token (docs/api.md "Workload identity federation"), each small and pure. */
final class TokenChecks {

    static final Set<String> ALGORITHMS =
            Set.of(AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    /** Headers that would let the token choose its own verification key; never followed, always refused. */
    static final List<String> KEY_HEADERS = List.of("jku", "x5u", "jwk", "x5c");

    private TokenChecks() {}

    /** A compact JWS split into header and (not yet verified) claims. */
    record ParsedToken(JsonWebSignature jws, Map<String, Object> claims) {

        String kid() {
            return jws.getKeyIdHeaderValue();
        }

        String alg() {
            return jws.getAlgorithmHeaderValue();
        }
    }

    /** The token's parts, or a {@code format} rejection that describes the input without repeating it. */
    static ParsedToken parse(String token, int maxSize, int maxDepth) {
        if (token == null || token.isBlank()) {
            throw reject(Check.FORMAT, "an empty token", "a signed JWT");
        }
        if (token.length() > maxSize) {
            throw reject(Check.FORMAT, "a token of " + token.length() + " bytes", "at most " + maxSize + " bytes");
        }
        try {
            if (!(JsonWebStructure.fromCompactSerialization(token.trim()) instanceof JsonWebSignature jws)) {
                throw reject(Check.FORMAT, "an encrypted JWT (JWE)", "a signed JWT (JWS)");
            }
            String payload = jws.getUnverifiedPayload();
            int depth = nesting(payload, maxDepth);
            if (depth > maxDepth) {
                throw reject(
                        Check.FORMAT,
                        "claims nested deeper than " + maxDepth + " levels",
                        "claims nested at most " + maxDepth + " levels deep");
            }
            return new ParsedToken(jws, JsonUtil.parseJson(payload));
        } catch (JoseException | RuntimeException e) {
            if (e instanceof FederationRejectedException rejected) {
                throw rejected;
            }
            throw reject(Check.FORMAT, "a value that is not a compact JWS with a JSON claims set", "a signed JWT");
        }
    }

    /**
     * How deeply {@code json}'s objects and arrays nest, counted without parsing (stopping past {@code limit}), so
     * that a hostile claims set cannot overflow a recursive parser or the conversion for CEL.
     */
    static int nesting(String json, int limit) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length() && deepest <= limit; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    static List<CheckVerdict> header(ParsedToken token) {
        return List.of(kid(token), alg(token), keyHeaders(token));
    }

    static List<CheckVerdict> claims(
            ParsedToken token, OidcProviderSpec provider, Instant now, Duration skew, Duration maxLifetime) {
        List<CheckVerdict> verdicts = new ArrayList<>();
        verdicts.add(issuer(token, provider));
        verdicts.add(audience(token, provider));
        verdicts.add(expiry(token, now, skew));
        verdicts.add(notBefore(token, now, skew));
        verdicts.add(issuedAt(token, now, skew));
        verdicts.add(lifetime(token, maxLifetime));
        return verdicts;
    }

    static CheckVerdict kid(ParsedToken token) {
        String kid = token.kid();
        return kid == null || kid.isBlank()
                ? fail(Check.KID, "no kid header", "the id of one of the issuer's keys")
                : CheckVerdict.pass(Check.KID);
    }

    static CheckVerdict alg(ParsedToken token) {
        String alg = token.alg();
        return ALGORITHMS.contains(alg)
                ? CheckVerdict.pass(Check.ALG)
                : fail(Check.ALG, "alg " + quoted(alg), "one of [ES256, RS256]");
    }

    static CheckVerdict keyHeaders(ParsedToken token) {
        List<String> present = KEY_HEADERS.stream()
                .filter(name -> token.jws().getHeaders().getObjectHeaderValue(name) != null)
                .toList();
        return present.isEmpty()
                ? CheckVerdict.pass(Check.KEY_HEADERS)
                : fail(
                        Check.KEY_HEADERS,
                        "header(s) " + present,
                        "none of " + KEY_HEADERS + " (keys come from the issuer only)");
    }

    static CheckVerdict issuer(ParsedToken token, OidcProviderSpec provider) {
        Object iss = token.claims().get("iss");
        return provider.issuerUri().equals(iss)
                ? CheckVerdict.pass(Check.ISSUER)
                : fail(Check.ISSUER, "iss " + quoted(iss), "iss " + quoted(provider.issuerUri()));
    }

    static CheckVerdict audience(ParsedToken token, OidcProviderSpec provider) {
        Object aud = token.claims().get("aud");
        List<?> presented = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
        boolean match = presented.stream().anyMatch(provider.acceptedAudiences()::contains);
        return match
                ? CheckVerdict.pass(Check.AUDIENCE)
                : fail(
                        Check.AUDIENCE,
                        "aud " + (aud == null ? "(none)" : quotedList(presented)),
                        "one of " + quotedList(provider.acceptedAudiences()));
    }

    static CheckVerdict expiry(ParsedToken token, Instant now, Duration skew) {
        Optional<Instant> exp = time(token, "exp");
        if (exp.isEmpty()) {
            return fail(Check.EXPIRY, "no numeric exp", "an exp claim");
        }
        return exp.get().plus(skew).isAfter(now)
                ? CheckVerdict.pass(Check.EXPIRY)
                : fail(Check.EXPIRY, "exp " + Timestamps.format(exp.get()), "a time after " + Timestamps.format(now));
    }

    static CheckVerdict notBefore(ParsedToken token, Instant now, Duration skew) {
        if (!token.claims().containsKey("nbf")) {
            return CheckVerdict.pass(Check.NOT_BEFORE);
        }
        Optional<Instant> nbf = time(token, "nbf");
        if (nbf.isEmpty()) {
            return fail(Check.NOT_BEFORE, "a non-numeric nbf", "a numeric nbf");
        }
        return !nbf.get().minus(skew).isAfter(now)
                ? CheckVerdict.pass(Check.NOT_BEFORE)
                : fail(
                        Check.NOT_BEFORE,
                        "nbf " + Timestamps.format(nbf.get()),
                        "a time before " + Timestamps.format(now));
    }

    static CheckVerdict issuedAt(ParsedToken token, Instant now, Duration skew) {
        Optional<Instant> iat = time(token, "iat");
        if (iat.isEmpty()) {
            return fail(Check.ISSUED_AT, "no numeric iat", "an iat claim");
        }
        return !iat.get().minus(skew).isAfter(now)
                ? CheckVerdict.pass(Check.ISSUED_AT)
                : fail(
                        Check.ISSUED_AT,
                        "iat " + Timestamps.format(iat.get()),
                        "a time not after " + Timestamps.format(now) + " (skew " + skew.toSeconds() + "s)");
    }

    static CheckVerdict lifetime(ParsedToken token, Duration max) {
        Optional<Instant> exp = time(token, "exp");
        Optional<Instant> iat = time(token, "iat");
        if (exp.isEmpty() || iat.isEmpty()) {
            return fail(Check.LIFETIME, "a token without exp or iat", "exp − iat ≤ " + max.toSeconds() + "s");
        }
        Duration lifetime = Duration.between(iat.get(), exp.get());
        return lifetime.compareTo(max) <= 0
                ? CheckVerdict.pass(Check.LIFETIME)
                : fail(Check.LIFETIME, "exp − iat = " + lifetime.toSeconds() + "s", "at most " + max.toSeconds() + "s");
    }

    private static Optional<Instant> time(ParsedToken token, String claim) {
        Object value = token.claims().get(claim);
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            double seconds = number.doubleValue();
            if (Math.abs(seconds) < 1e11) {
                return Optional.of(Instant.ofEpochSecond((long) seconds));
            }
        }
        return Optional.empty();
    }

    private static CheckVerdict fail(Check check, String presented, String expected) {
        return CheckVerdict.fail(new FederationRejection(check, presented, expected));
    }

    static FederationRejectedException reject(Check check, String presented, String expected) {
        return new FederationRejection(check, presented, expected).exception();
    }

    static String quotedList(List<?> values) {
        return values.stream().limit(10).map(FederationRejection::quoted).collect(Collectors.joining(", ", "[", "]"));
    }
}
