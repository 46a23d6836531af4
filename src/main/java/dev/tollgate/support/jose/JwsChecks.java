package dev.tollgate.support.jose;

import dev.tollgate.support.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The named header and claim checks of the JWS pipeline ({@link Jws}), each small and pure. A failure says what the
 * token presented and what was expected; presented values are {@linkplain Quoted quoted} and cut at 256 characters.
 */
public final class JwsChecks {

    /** How much of a presented value a failure repeats. */
    public static final int QUOTE_LIMIT = 256;

    private JwsChecks() {}

    /** {@code typ} (RFC 7515 §4.1.9), compared without case, is one of {@code types}. */
    public static JwsVerdict type(Jws jws, Set<String> types) {
        String typ = jws.header("typ") instanceof String text ? text.toLowerCase(Locale.ROOT) : null;
        return headerIn(JwsCheck.TYPE, jws, "typ", typ, types);
    }

    /** A {@code kid} header names the key (no key is guessed). */
    public static JwsVerdict kid(Jws jws) {
        String kid = jws.kid();
        return kid == null || kid.isBlank()
                ? JwsVerdict.fail(JwsCheck.KID, "no kid header", "the id of one of the issuer's keys")
                : JwsVerdict.pass(JwsCheck.KID);
    }

    /** {@code alg} is one of {@code algorithms} ({@code none} and HMAC never are). */
    public static JwsVerdict algorithm(Jws jws, Set<String> algorithms) {
        return headerIn(JwsCheck.ALG, jws, "alg", jws.alg(), algorithms);
    }

    private static JwsVerdict headerIn(JwsCheck check, Jws jws, String header, String value, Set<String> allowed) {
        return value != null && allowed.contains(value)
                ? JwsVerdict.pass(check)
                : JwsVerdict.fail(
                        check,
                        header + " " + Quoted.of(jws.header(header), QUOTE_LIMIT),
                        "one of " + allowed.stream().sorted().toList());
    }

    /** None of {@link Jws#KEY_HEADERS}: keys come from the caller's own source only. */
    public static JwsVerdict noKeyHeaders(Jws jws) {
        List<String> present = jws.keyChoosingHeaders();
        return present.isEmpty()
                ? JwsVerdict.pass(JwsCheck.KEY_HEADERS)
                : JwsVerdict.fail(
                        JwsCheck.KEY_HEADERS,
                        "header(s) " + present,
                        "none of " + Jws.KEY_HEADERS + " (keys come from the issuer only)");
    }

    /** {@code iss} is exactly {@code issuer}. */
    public static JwsVerdict issuer(Jws jws, String issuer) {
        Object iss = jws.claims().get("iss");
        return issuer.equals(iss)
                ? JwsVerdict.pass(JwsCheck.ISSUER)
                : JwsVerdict.fail(
                        JwsCheck.ISSUER, "iss " + Quoted.of(iss, QUOTE_LIMIT), "iss " + Quoted.of(issuer, QUOTE_LIMIT));
    }

    /** {@code aud} holds at least one string that {@code accepted} allows; {@code expected} says which ones. */
    public static JwsVerdict audience(Jws jws, Predicate<String> accepted, String expected) {
        List<?> presented = jws.audiences();
        boolean match = presented.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .anyMatch(accepted);
        return match
                ? JwsVerdict.pass(JwsCheck.AUDIENCE)
                : JwsVerdict.fail(
                        JwsCheck.AUDIENCE,
                        "aud " + (jws.claims().get("aud") == null ? "(none)" : Quoted.list(presented, QUOTE_LIMIT)),
                        expected);
    }

    /** {@code aud} holds one of {@code audiences}. */
    public static JwsVerdict audience(Jws jws, List<String> audiences) {
        return audience(jws, audiences::contains, "one of " + Quoted.list(audiences, QUOTE_LIMIT));
    }

    /** A numeric {@code exp} that, with the skew, is still ahead of {@code now}. */
    public static JwsVerdict expiry(Jws jws, Instant now, Duration skew) {
        Optional<Instant> exp = jws.numericDate("exp");
        if (exp.isEmpty()) {
            return JwsVerdict.fail(JwsCheck.EXPIRY, "no numeric exp", "an exp claim");
        }
        return exp.get().plus(skew).isAfter(now)
                ? JwsVerdict.pass(JwsCheck.EXPIRY)
                : JwsVerdict.fail(
                        JwsCheck.EXPIRY,
                        "exp " + Timestamps.format(exp.get()),
                        "a time after " + Timestamps.format(now));
    }

    /** No {@code nbf}, or a numeric one that, with the skew, is not ahead of {@code now}. */
    public static JwsVerdict notBefore(Jws jws, Instant now, Duration skew) {
        if (!jws.claims().containsKey("nbf")) {
            return JwsVerdict.pass(JwsCheck.NOT_BEFORE);
        }
        Optional<Instant> nbf = jws.numericDate("nbf");
        if (nbf.isEmpty()) {
            return JwsVerdict.fail(JwsCheck.NOT_BEFORE, "a non-numeric nbf", "a numeric nbf");
        }
        return !nbf.get().minus(skew).isAfter(now)
                ? JwsVerdict.pass(JwsCheck.NOT_BEFORE)
                : JwsVerdict.fail(
                        JwsCheck.NOT_BEFORE,
                        "nbf " + Timestamps.format(nbf.get()),
                        "a time before " + Timestamps.format(now));
    }

    /** A numeric {@code iat} that, with the skew, is not ahead of {@code now}. */
    public static JwsVerdict issuedAt(Jws jws, Instant now, Duration skew) {
        Optional<Instant> iat = jws.numericDate("iat");
        if (iat.isEmpty()) {
            return JwsVerdict.fail(JwsCheck.ISSUED_AT, "no numeric iat", "an iat claim");
        }
        return !iat.get().minus(skew).isAfter(now)
                ? JwsVerdict.pass(JwsCheck.ISSUED_AT)
                : JwsVerdict.fail(
                        JwsCheck.ISSUED_AT,
                        "iat " + Timestamps.format(iat.get()),
                        "a time not after " + Timestamps.format(now) + " (skew " + skew.toSeconds() + "s)");
    }

    /** {@code exp − iat} at most {@code max}. */
    public static JwsVerdict lifetime(Jws jws, Duration max) {
        Optional<Instant> exp = jws.numericDate("exp");
        Optional<Instant> iat = jws.numericDate("iat");
        if (exp.isEmpty() || iat.isEmpty()) {
            return JwsVerdict.fail(
                    JwsCheck.LIFETIME, "a token without exp or iat", "exp − iat ≤ " + max.toSeconds() + "s");
        }
        Duration lifetime = Duration.between(iat.get(), exp.get());
        return lifetime.compareTo(max) <= 0
                ? JwsVerdict.pass(JwsCheck.LIFETIME)
                : JwsVerdict.fail(
                        JwsCheck.LIFETIME,
                        "exp − iat = " + lifetime.toSeconds() + "s",
                        "at most " + max.toSeconds() + "s");
    }
}
