package dev.tollgate.token;

import dev.tollgate.iam.BearerRefusal;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.CallerAuthenticator;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Callers holding an access token of this server (docs/api.md "Conventions" caller authentication, RFC 6750): service accounts and
 * federated identities. Verified in memory; the account's or pool's state comes from cache. Only tokens minted for
 * this API are accepted: {@code aud} must name the issuer and {@code scope} hold one of {@link ApiScopes} (docs/api.md
 * "Scopes of Tollgate's API"), else RFC 6750 §3.1 {@code invalid_token} (401) or {@code insufficient_scope} (403).
 */
@ApplicationScoped
public class OwnTokenAuthenticator implements CallerAuthenticator {

    private final OwnTokens tokens;
    private final OwnTokenStates states;
    private final String issuer;

    public OwnTokenAuthenticator(OwnTokens tokens, OwnTokenStates states, TollgateConfig server) {
        this.tokens = tokens;
        this.states = states;
        this.issuer = server.baseUrl();
    }

    @Override
    public boolean accepts(String bearer) {
        return tokens.claimsOwnIssuer(bearer);
    }

    @Override
    public Uni<Caller> authenticate(String bearer) {
        VerifiedToken token = tokens.verify(bearer).orElse(null);
        if (token == null) {
            return Uni.createFrom()
                    .failure(BearerRefusal.invalidToken("The access token is invalid or expired"
                            + " (expected an at+jwt access token signed by this server's current keys)."));
        }
        List<String> audience = audience(token.claims().get("aud"));
        if (!audience.contains(issuer)) {
            return Uni.createFrom()
                    .failure(BearerRefusal.invalidToken("The access token was issued for audience "
                            + audience
                            + ", not for this API; ask the token endpoint without an audience (or with audience "
                            + issuer + ")."));
        }
        List<String> scopes = ApiScopes.of(token.claims().get("scope"));
        if (!ApiScopes.allowApi(scopes)) {
            return Uni.createFrom()
                    .failure(BearerRefusal.insufficientScope(
                            "The access token's scope " + scopes
                                    + " does not include " + ApiScopes.CLOUD_PLATFORM + " or " + ApiScopes.IAM
                                    + ", which this API requires.",
                            ApiScopes.CLOUD_PLATFORM));
        }
        return states.caller(token)
                .map(caller -> caller.orElseThrow(() -> BearerRefusal.invalidToken("The access token's "
                        + (token.federated()
                                ? "workload identity pool or provider"
                                : "service account " + token.subject())
                        + " is disabled or deleted.")));
    }

    private static List<String> audience(Object aud) {
        if (aud instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return aud == null ? List.of() : List.of(String.valueOf(aud));
    }
}
