package dev.tollgate.token;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.CallerAuthenticator;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Callers holding an access token of this server (contract §0 caller authentication, RFC 6750): service accounts and
 * federated identities. Verified in memory; the account's or pool's state comes from cache.
 */
@ApplicationScoped
public class OwnTokenAuthenticator implements CallerAuthenticator {

    private final OwnTokens tokens;
    private final OwnTokenStates states;

    public OwnTokenAuthenticator(OwnTokens tokens, OwnTokenStates states) {
        this.tokens = tokens;
        this.states = states;
    }

    @Override
    public boolean accepts(String bearer) {
        return tokens.claimsOwnIssuer(bearer);
    }

    @Override
    public Uni<Caller> authenticate(String bearer) {
        VerifiedToken token = tokens.verify(bearer).orElse(null);
        if (token == null) {
            return Uni.createFrom().failure(ApiException.unauthenticated("The access token is invalid or expired"
                    + " (expected an at+jwt access token signed by this server's current keys)."));
        }
        return states.caller(token).map(caller -> caller.orElseThrow(() -> ApiException.unauthenticated(
                "The access token's " + (token.federated() ? "workload identity pool or provider" : "service account "
                        + token.subject()) + " is disabled or deleted.")));
    }
}
