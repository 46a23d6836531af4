package dev.tollgate.keys.account;

import dev.tollgate.support.OAuthException;
import dev.tollgate.support.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * The named checks of a jwt-bearer assertion (RFC 7523 §3), each small and pure; each failure is {@code invalid_grant}
 * with the texts Google's token endpoint uses where clients know them.
 */
final class AssertionChecks {

    static final String INVALID_SIGNATURE = "Invalid JWT Signature.";
    static final String BAD_TIMEFRAME = "Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
            + "Check your iat and exp values in the JWT claim.";
    static final String ACCOUNT_DISABLED = "service account is disabled";
    /** Headers that would let the assertion choose its own verification key: refused, never fetched. */
    static final List<String> KEY_HEADERS = List.of("jku", "x5u", "jwk", "x5c");

    private static final AlgorithmConstraints RS256_ONLY =
            new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);

    private AssertionChecks() {}

    /** A compact JWS split into header and (not yet verified) claims. */
    record ParsedAssertion(JsonWebSignature jws, Map<String, Object> claims) {

        String kid() {
            return jws.getKeyIdHeaderValue();
        }
    }

    static ParsedAssertion parse(String assertion, int maxSize) {
        if (assertion.length() > maxSize) {
            throw reject(
                    "The assertion has " + assertion.length() + " characters; at most " + maxSize + " are accepted.");
        }
        try {
            if (!(JsonWebStructure.fromCompactSerialization(assertion.trim()) instanceof JsonWebSignature jws)) {
                throw reject("The assertion is encrypted (JWE); a signed JWT (JWS) is expected.");
            }
            return new ParsedAssertion(jws, JsonUtil.parseJson(jws.getUnverifiedPayload()));
        } catch (JoseException | RuntimeException e) {
            if (e instanceof OAuthException rejected) {
                throw rejected;
            }
            throw reject("The assertion is not a compact JWS with a JSON claims set.");
        }
    }

    static void algorithm(ParsedAssertion assertion) {
        String alg = assertion.jws().getAlgorithmHeaderValue();
        if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)) {
            throw reject("The assertion's alg is " + quoted(alg) + "; only RS256 is accepted.");
        }
    }

    static void noKeyHeaders(ParsedAssertion assertion) {
        List<String> present = KEY_HEADERS.stream()
                .filter(name -> assertion.jws().getHeaders().getObjectHeaderValue(name) != null)
                .toList();
        if (!present.isEmpty()) {
            throw reject(
                    "The assertion carries header(s) " + present + "; keys come from the service account " + "only.");
        }
    }

    /** The {@code iss} claim: the account email that also names whose keys verify the assertion. */
    static String issuer(ParsedAssertion assertion) {
        if (!(assertion.claims().get("iss") instanceof String iss) || iss.isBlank()) {
            throw reject("The assertion has no iss claim; the service account's email is expected.");
        }
        return iss;
    }

    /** The account's key the assertion names; a kid of another account is as unknown as a made-up one. */
    static UserKey key(List<UserKey> keys, String kid, Instant now) {
        UserKey key = keys.stream()
                .filter(candidate -> candidate.kid().equals(kid))
                .findFirst()
                .orElseThrow(() -> reject(INVALID_SIGNATURE));
        if (key.disabled()) {
            throw reject("Key " + kid + " is disabled.");
        }
        if (!key.usableAt(now)) {
            throw reject("Key " + kid + " is valid from " + Timestamps.format(key.validAfter()) + " to "
                    + Timestamps.format(key.validBefore()) + ", not at " + Timestamps.format(now) + ".");
        }
        return key;
    }

    static void signature(ParsedAssertion assertion, UserKey key) {
        if (!verifies(assertion, key)) {
            throw reject(INVALID_SIGNATURE);
        }
    }

    /**
     * The key that signed an assertion without {@code kid} (Google accepts those; Node's google-auth-library sends
     * them): every usable key of the account is tried, all of them even after a match, so that the work does not
     * depend on which key signed. An assertion no usable key verifies is refused like a wrong signature.
     */
    static UserKey signer(ParsedAssertion assertion, List<UserKey> keys, Instant now) {
        UserKey matched = null;
        for (UserKey key : keys) {
            boolean verified = key.usableAt(now) && verifies(assertion, key);
            if (verified && matched == null) {
                matched = key;
            }
        }
        if (matched == null) {
            throw reject(INVALID_SIGNATURE);
        }
        return matched;
    }

    private static boolean verifies(ParsedAssertion assertion, UserKey key) {
        try {
            JsonWebSignature jws = assertion.jws();
            jws.setAlgorithmConstraints(RS256_ONLY);
            jws.setKey(key.publicKey());
            return jws.verifySignature();
        } catch (JoseException e) {
            return false;
        }
    }

    /** {@code aud} (a string or a list) holds at least one audience {@code accepted} allows. */
    static void audience(ParsedAssertion assertion, Predicate<String> accepted, String expected) {
        Object aud = assertion.claims().get("aud");
        if (audiences(assertion).stream().noneMatch(accepted)) {
            throw reject("The assertion's aud is " + (aud == null ? "(none)" : quoted(aud)) + "; " + expected
                    + " is expected.");
        }
    }

    /** The {@code aud} claim's values (RFC 7519 §4.1.3: a string or a list of strings); none when absent. */
    static List<String> audiences(ParsedAssertion assertion) {
        Object aud = assertion.claims().get("aud");
        List<?> presented = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
        return presented.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }

    /** {@code iat} and {@code exp} present, {@code exp - iat} within the limit, not expired, not issued ahead. */
    static void timeframe(ParsedAssertion assertion, Instant now, Duration skew, Duration maxLifetime) {
        Optional<Instant> iat = time(assertion, "iat");
        Optional<Instant> exp = time(assertion, "exp");
        if (iat.isEmpty()
                || exp.isEmpty()
                || !exp.get().isAfter(iat.get())
                || Duration.between(iat.get(), exp.get()).compareTo(maxLifetime) > 0
                || iat.get().isAfter(now.plus(skew))
                || !exp.get().plus(skew).isAfter(now)) {
            throw reject(BAD_TIMEFRAME);
        }
        notBefore(assertion, now, skew);
    }

    /** RFC 7519 §4.1.5: an assertion with {@code nbf} ahead of now (beyond the skew) is not usable yet. */
    static void notBefore(ParsedAssertion assertion, Instant now, Duration skew) {
        Object nbf = assertion.claims().get("nbf");
        if (nbf == null) {
            return;
        }
        Optional<Instant> notBefore = time(assertion, "nbf");
        if (notBefore.isEmpty()) {
            throw reject("The assertion's nbf is " + quoted(nbf) + "; a NumericDate (seconds since the epoch) is"
                    + " expected.");
        }
        if (notBefore.get().isAfter(now.plus(skew))) {
            throw reject("The assertion is not valid before " + Timestamps.format(notBefore.get()) + " (nbf); it is "
                    + Timestamps.format(now) + ".");
        }
    }

    /** A {@code sub} other than the account itself would be domain-wide delegation, which Tollgate has not. */
    static void subject(ParsedAssertion assertion, String email) {
        Object sub = assertion.claims().get("sub");
        if (sub != null && !email.equals(sub)) {
            throw reject("The assertion's sub is " + quoted(sub) + "; it must be absent or " + quoted(email)
                    + " (no domain-wide delegation).");
        }
    }

    private static Optional<Instant> time(ParsedAssertion assertion, String claim) {
        if (assertion.claims().get(claim) instanceof Number number
                && Double.isFinite(number.doubleValue())
                && Math.abs(number.doubleValue()) < 1e11) {
            return Optional.of(Instant.ofEpochSecond(number.longValue()));
        }
        return Optional.empty();
    }

    static OAuthException reject(String description) {
        return OAuthException.invalidGrant(description);
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "\"" + (text.length() > 128 ? text.substring(0, 128) + "…" : text) + "\"";
    }
}
