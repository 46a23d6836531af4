package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The token endpoint's dispatch (RFC 6749 §3.2): exactly one {@code grant_type}, looked up among the {@link Grant}
 * beans. Refusals that happen before a grant runs are audited here; grants audit their own outcomes.
 */
@ApplicationScoped
public class TokenEndpoint {

    private final Map<String, Grant> grants = new HashMap<>();
    private final TokenAudit audit;

    public TokenEndpoint(Instance<Grant> grants, TokenAudit audit) {
        grants.forEach(grant -> {
            Grant previous = this.grants.put(grant.grantType(), grant);
            if (previous != null) {
                throw new IllegalStateException("Two grants for grant_type " + grant.grantType() + ": "
                        + previous.getClass().getName() + " and " + grant.getClass().getName());
            }
        });
        this.audit = audit;
    }

    public Uni<TokenResponse> token(TokenRequest request) {
        return Uni.createFrom().deferred(() -> grantFor(request).handle(request));
    }

    private Grant grantFor(TokenRequest request) {
        String grantType;
        try {
            grantType = request.required("grant_type");
        } catch (OAuthException e) {
            audit.refusedUnknown("", e);
            throw e;
        }
        Grant grant = grants.get(grantType);
        if (grant == null) {
            OAuthException e = OAuthException.unsupportedGrantType("Grant type '" + AccountTokenRequest.shortened(grantType)
                    + "' is not supported; supported: " + String.join(", ", new TreeSet<>(grants.keySet())) + ".");
            audit.refusedUnknown(AccountTokenRequest.shortened(grantType), e);
            throw e;
        }
        return grant;
    }
}
