package dev.tollgate.federation.verify;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.support.jose.JwsChecks;
import dev.tollgate.support.jose.JwsFormatException;
import dev.tollgate.support.jose.JwsVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The steps of the JWS pipeline ({@link Jws}) for a foreign token (docs/api.md "Workload identity federation"), as
 * the named verdicts {@code :testExchange} reports: each shared check's failure becomes a {@link FederationRejection}
 * with the same presented and expected texts.
 */
final class TokenChecks {

    static final Set<String> ALGORITHMS =
            Set.of(AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

    private TokenChecks() {}

    /** The token's parts, or a {@code format} rejection that describes the input without repeating it. */
    static Jws parse(String token, int maxSize, int maxDepth) {
        try {
            return Jws.parse(token, maxSize, maxDepth);
        } catch (JwsFormatException e) {
            throw switch (e.reason()) {
                case EMPTY -> reject(Check.FORMAT, "an empty token", "a signed JWT");
                case TOO_LARGE ->
                    reject(Check.FORMAT, "a token of " + e.size() + " bytes", "at most " + e.limit() + " bytes");
                case ENCRYPTED -> reject(Check.FORMAT, "an encrypted JWT (JWE)", "a signed JWT (JWS)");
                case TOO_DEEP ->
                    reject(
                            Check.FORMAT,
                            "claims nested deeper than " + e.limit() + " levels",
                            "claims nested at most " + e.limit() + " levels deep");
                case MALFORMED ->
                    reject(Check.FORMAT, "a value that is not a compact JWS with a JSON claims set", "a signed JWT");
            };
        }
    }

    static List<CheckVerdict> header(Jws token) {
        return List.of(kid(token), alg(token), keyHeaders(token));
    }

    static List<CheckVerdict> claims(
            Jws token, OidcProviderSpec provider, Instant now, Duration skew, Duration maxLifetime) {
        return List.of(
                issuer(token, provider),
                audience(token, provider),
                expiry(token, now, skew),
                notBefore(token, now, skew),
                issuedAt(token, now, skew),
                lifetime(token, maxLifetime));
    }

    static CheckVerdict kid(Jws token) {
        return verdict(Check.KID, JwsChecks.kid(token));
    }

    static CheckVerdict alg(Jws token) {
        return verdict(Check.ALG, JwsChecks.algorithm(token, ALGORITHMS));
    }

    static CheckVerdict keyHeaders(Jws token) {
        return verdict(Check.KEY_HEADERS, JwsChecks.noKeyHeaders(token));
    }

    static CheckVerdict issuer(Jws token, OidcProviderSpec provider) {
        return verdict(Check.ISSUER, JwsChecks.issuer(token, provider.issuerUri()));
    }

    static CheckVerdict audience(Jws token, OidcProviderSpec provider) {
        return verdict(Check.AUDIENCE, JwsChecks.audience(token, provider.acceptedAudiences()));
    }

    static CheckVerdict expiry(Jws token, Instant now, Duration skew) {
        return verdict(Check.EXPIRY, JwsChecks.expiry(token, now, skew));
    }

    static CheckVerdict notBefore(Jws token, Instant now, Duration skew) {
        return verdict(Check.NOT_BEFORE, JwsChecks.notBefore(token, now, skew));
    }

    static CheckVerdict issuedAt(Jws token, Instant now, Duration skew) {
        return verdict(Check.ISSUED_AT, JwsChecks.issuedAt(token, now, skew));
    }

    static CheckVerdict lifetime(Jws token, Duration max) {
        return verdict(Check.LIFETIME, JwsChecks.lifetime(token, max));
    }

    /** A shared check's verdict under federation's name for it, with the same presented and expected texts. */
    private static CheckVerdict verdict(Check check, JwsVerdict verdict) {
        return verdict.failure()
                .map(failure ->
                        CheckVerdict.fail(new FederationRejection(check, failure.presented(), failure.expected())))
                .orElseGet(() -> CheckVerdict.pass(check));
    }

    static FederationRejectedException reject(Check check, String presented, String expected) {
        return new FederationRejection(check, presented, expected).exception();
    }
}
