package dev.tollgate.keys.account;

import dev.tollgate.support.OAuthException;
import dev.tollgate.support.Timestamps;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.support.jose.JwsChecks;
import dev.tollgate.support.jose.JwsFormatException;
import dev.tollgate.support.jose.JwsSignatures;
import dev.tollgate.support.jose.Quoted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The steps of the JWS pipeline ({@link Jws}) for a jwt-bearer assertion (RFC 7523 §3) or a self-signed JWT, each
 * small and pure: the shared checks decide, this class phrases. Each failure is {@code invalid_grant} with the texts
 * Google's token endpoint uses where clients know them.
 */
final class AssertionChecks {

    static final String INVALID_SIGNATURE = "Invalid JWT Signature.";
    static final String BAD_TIMEFRAME = "Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
            + "Check your iat and exp values in the JWT claim.";
    static final String ACCOUNT_DISABLED = "service account is disabled";

    private static final Set<String> RS256_ONLY = Set.of(AlgorithmIdentifiers.RSA_USING_SHA256);
    /** How much of a presented value a refusal repeats. */
    private static final int QUOTE_LIMIT = 128;

    private AssertionChecks() {}

    static Jws parse(String assertion, int maxSize) {
        try {
            return Jws.parse(assertion, maxSize, Jws.ANY_DEPTH);
        } catch (JwsFormatException e) {
            throw switch (e.reason()) {
                case TOO_LARGE ->
                    reject("The assertion has " + e.size() + " characters; at most " + e.limit() + " are accepted.");
                case ENCRYPTED -> reject("The assertion is encrypted (JWE); a signed JWT (JWS) is expected.");
                case EMPTY, TOO_DEEP, MALFORMED -> reject("The assertion is not a compact JWS with a JSON claims set.");
            };
        }
    }

    static void algorithm(Jws assertion) {
        if (!JwsChecks.algorithm(assertion, RS256_ONLY).passed()) {
            throw reject("The assertion's alg is " + quoted(String.valueOf(assertion.header("alg")))
                    + "; only RS256 is accepted.");
        }
    }

    static void noKeyHeaders(Jws assertion) {
        if (!JwsChecks.noKeyHeaders(assertion).passed()) {
            throw reject("The assertion carries header(s) " + assertion.keyChoosingHeaders()
                    + "; keys come from the service account only.");
        }
    }

    /** The {@code iss} claim: the account email that also names whose keys verify the assertion. */
    static String issuer(Jws assertion) {
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

    static void signature(Jws assertion, UserKey key, JwsSignatures signatures) {
        if (!verifies(assertion, key, signatures)) {
            throw reject(INVALID_SIGNATURE);
        }
    }

    /**
     * The key that signed an assertion without {@code kid} (Google accepts those; Node's google-auth-library sends
     * them): every usable key of the account is tried, all of them even after a match, so that the work does not
     * depend on which key signed. An assertion no usable key verifies is refused like a wrong signature.
     */
    static UserKey signer(Jws assertion, List<UserKey> keys, Instant now, JwsSignatures signatures) {
        UserKey matched = null;
        for (UserKey key : keys) {
            boolean verified = key.usableAt(now) && verifies(assertion, key, signatures);
            if (verified && matched == null) {
                matched = key;
            }
        }
        if (matched == null) {
            throw reject(INVALID_SIGNATURE);
        }
        return matched;
    }

    private static boolean verifies(Jws assertion, UserKey key, JwsSignatures signatures) {
        return signatures.verify(assertion, key.publicKey(), RS256_ONLY).valid();
    }

    /** {@code aud} (a string or a list) holds at least one audience {@code accepted} allows. */
    static void audience(Jws assertion, Predicate<String> accepted, String expected) {
        if (!JwsChecks.audience(assertion, accepted, expected).passed()) {
            Object aud = assertion.claims().get("aud");
            throw reject("The assertion's aud is " + (aud == null ? "(none)" : quoted(aud)) + "; " + expected
                    + " is expected.");
        }
    }

    /** {@code iat} and {@code exp} present, {@code exp - iat} within the limit, not expired, not issued ahead. */
    static void timeframe(Jws assertion, Instant now, Duration skew, Duration maxLifetime) {
        Optional<Instant> iat = assertion.numericDate("iat");
        Optional<Instant> exp = assertion.numericDate("exp");
        if (!JwsChecks.issuedAt(assertion, now, skew).passed()
                || !JwsChecks.expiry(assertion, now, skew).passed()
                || !JwsChecks.lifetime(assertion, maxLifetime).passed()
                || !exp.orElseThrow().isAfter(iat.orElseThrow())) {
            throw reject(BAD_TIMEFRAME);
        }
        notBefore(assertion, now, skew);
    }

    /** RFC 7519 §4.1.5: an assertion with {@code nbf} ahead of now (beyond the skew) is not usable yet. */
    static void notBefore(Jws assertion, Instant now, Duration skew) {
        Object nbf = assertion.claims().get("nbf");
        if (nbf == null || JwsChecks.notBefore(assertion, now, skew).passed()) {
            return;
        }
        Optional<Instant> notBefore = assertion.numericDate("nbf");
        if (notBefore.isEmpty()) {
            throw reject("The assertion's nbf is " + quoted(nbf) + "; a NumericDate (seconds since the epoch) is"
                    + " expected.");
        }
        throw reject("The assertion is not valid before " + Timestamps.format(notBefore.get()) + " (nbf); it is "
                + Timestamps.format(now) + ".");
    }

    /** A {@code sub} other than the account itself would be domain-wide delegation, which Tollgate has not. */
    static void subject(Jws assertion, String email) {
        Object sub = assertion.claims().get("sub");
        if (sub != null && !email.equals(sub)) {
            throw reject("The assertion's sub is " + quoted(sub) + "; it must be absent or " + quoted(email)
                    + " (no domain-wide delegation).");
        }
    }

    static OAuthException reject(String description) {
        return OAuthException.invalidGrant(description);
    }

    private static String quoted(Object value) {
        return Quoted.of(value, QUOTE_LIMIT);
    }
}
