package dev.tollgate.token;

import dev.tollgate.iam.Caller;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Federated access tokens for external credentials (contract §7.3, §8): the provider named by {@code audience}
 * verifies and maps the subject token; the token's {@code sub} is the {@code principal://…}.
 */
@ApplicationScoped
public class FederatedTokens {

    private final TokenAudit audit;

    public FederatedTokens(TokenAudit audit) {
        this.audit = audit;
    }

    // The exchange service lives on the wif branch; until it lands this refuses clearly.
    public Uni<TokenResponse> exchange(String subjectToken, TokenRequest request) {
        OAuthException e = OAuthException.invalidRequest("Workload identity federation is not available on this"
                + " server yet; exchange an API key (" + TokenExchangeGrant.API_KEY + ") instead.");
        audit.refusedUnknown(TokenExchangeGrant.GRANT_TYPE, e);
        return Uni.createFrom().failure(e);
    }

    /** The caller a federated token stands for; empty when its pool or provider is disabled or gone. */
    public Uni<Optional<Caller>> caller(VerifiedToken token) {
        return Uni.createFrom().item(Optional.empty());
    }
}
