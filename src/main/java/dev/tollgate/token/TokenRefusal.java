package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import java.util.Map;

/**
 * A refused token request (RFC 6749 §5.2) that names a known account or provider: answered like any
 * {@link OAuthException}, and audited by the token endpoint in the log of {@link #claimant()}. Grants throw it; only
 * {@link TokenEndpoint} audits.
 */
public final class TokenRefusal extends OAuthException {

    private final Claimant claimant;

    private TokenRefusal(OAuthException error, Claimant claimant) {
        super(error);
        this.claimant = claimant;
    }

    /** Whom a refused request acted for; the audit entry goes to the log of its resource, if it exists. */
    public sealed interface Claimant {

        /** Non-secret facts for the entry: key id, provider, unverified external subject… */
        Map<String, Object> details();
    }

    /** A service account, by email or uniqueId; the entry's principal is {@code serviceAccount:{email}}. */
    public record Account(String emailOrUniqueId, Map<String, Object> details) implements Claimant {}

    /** The workload identity provider an {@code audience} names; the entry's principal is {@code anonymous}. */
    public record Provider(String audience, Map<String, Object> details) implements Claimant {}

    /**
     * {@code error} as a refusal of {@code claimant}; an error that is already a refusal keeps the claimant it was
     * given closest to where it happened.
     */
    public static TokenRefusal of(Claimant claimant, Throwable error) {
        return error instanceof TokenRefusal refusal ? refusal : new TokenRefusal((OAuthException) error, claimant);
    }

    public static TokenRefusal ofAccount(String emailOrUniqueId, Map<String, Object> details, Throwable error) {
        return of(new Account(emailOrUniqueId, details), error);
    }

    public Claimant claimant() {
        return claimant;
    }
}
