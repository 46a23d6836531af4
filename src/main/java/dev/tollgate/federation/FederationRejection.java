package dev.tollgate.federation;

import dev.tollgate.support.OAuthException;
import dev.tollgate.support.jose.JwsChecks;
import dev.tollgate.support.jose.Quoted;

/**
 * Why a foreign credential was refused: which check failed, what the credential presented and what was expected.
 * Never carries the token itself. {@link #description()} is for administrators ({@code :testExchange}, logs);
 * {@link #toOAuthException()} gives the RFC 6749 §5.2 error for the unauthenticated caller of the token endpoint,
 * which never shows the provider's expressions nor why its issuer's keys could not be fetched.
 */
public record FederationRejection(Check check, String presented, String expected) {

    /** The named checks of an exchange, in the order they run; {@link #wireName()} is what reports and logs show. */
    public enum Check {
        FORMAT("format"),
        KID("kid"),
        ALG("alg"),
        KEY_HEADERS("key-headers"),
        ISSUER("issuer"),
        AUDIENCE("audience"),
        EXPIRY("expiry"),
        NOT_BEFORE("not-before"),
        ISSUED_AT("issued-at"),
        LIFETIME("lifetime"),
        KEYS("keys"),
        SIGNATURE("signature"),
        MAPPING("mapping"),
        SUBJECT("subject"),
        CONDITION("condition");

        private final String wireName;

        Check(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public FederationRejection {
        presented = presented == null ? "(none)" : presented;
        expected = expected == null ? "(none)" : expected;
    }

    public String description() {
        if (check == Check.CONDITION) {
            return "The given credential is rejected by the attribute condition. Condition: " + expected + "; result: "
                    + presented + ".";
        }
        return "The " + check.wireName() + " check failed: presented " + presented + ", expected " + expected + ".";
    }

    /**
     * {@code unauthorized_client} for a false attribute condition, {@code invalid_grant} otherwise (docs/api.md
     * "Federated exchange"). Condition, mapping and key failures answer one fixed description each: the caller learns
     * neither the provider's expressions nor, from a fetch error, which addresses and ports answer.
     */
    public OAuthException toOAuthException() {
        return switch (check) {
            case CONDITION ->
                OAuthException.unauthorizedClient("The given credential is rejected by the attribute condition.");
            case MAPPING, SUBJECT ->
                OAuthException.invalidGrant(
                        "The given credential could not be mapped by the provider's attribute mapping.");
            case KEYS ->
                OAuthException.invalidGrant(
                        "The keys of the provider's issuer are not available to verify the given credential.");
            default -> OAuthException.invalidGrant(description());
        };
    }

    public FederationRejectedException exception() {
        return new FederationRejectedException(this);
    }

    /** A presented value as reports show it: quoted, cut at 256 characters, {@code (none)} when absent. */
    public static String quoted(Object value) {
        return Quoted.of(value, JwsChecks.QUOTE_LIMIT);
    }
}
