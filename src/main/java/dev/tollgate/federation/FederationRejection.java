package dev.tollgate.federation;

import dev.tollgate.support.OAuthException;

/**
 * Why a foreign credential was refused: which check failed, what the credential presented and what was expected.
 * Never carries the token itself. {@link #toOAuthException()} gives the RFC 6749 §5.2 error for the token endpoint.
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
            return "The given credential is rejected by the attribute condition. Condition: " + expected
                    + "; result: " + presented + ".";
        }
        return "The " + check.wireName() + " check failed: presented " + presented + ", expected " + expected + ".";
    }

    /** {@code unauthorized_client} for a false attribute condition (contract §8), {@code invalid_grant} otherwise. */
    public OAuthException toOAuthException() {
        return check == Check.CONDITION
                ? OAuthException.unauthorizedClient(description())
                : OAuthException.invalidGrant(description());
    }

    public FederationRejectedException exception() {
        return new FederationRejectedException(this);
    }
}
