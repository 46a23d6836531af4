package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The token endpoint's dispatch (RFC 6749 §3.2): exactly one {@code grant_type}, looked up among the {@link Grant}
 * beans. Every refusal, before or inside a grant, is audited here and only here (grants throw, they do not audit
 * refusals): a {@link TokenRefusal} in its claimant's log, anything else counted.
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
                        + previous.getClass().getName() + " and "
                        + grant.getClass().getName());
            }
        });
        this.audit = audit;
    }

    public Uni<TokenResponse> token(TokenRequest request) {
        return Uni.createFrom()
                .deferred(() -> grantFor(request).handle(request))
                .onFailure(OAuthException.class)
                .call(e -> audit.refused(auditedGrantType(request), (OAuthException) e));
    }

    private Grant grantFor(TokenRequest request) {
        String grantType = request.required("grant_type");
        Grant grant = grants.get(grantType);
        if (grant == null) {
            throw OAuthException.unsupportedGrantType("Grant type '" + AccountTokenRequest.shortened(grantType)
                    + "' is not supported; supported: " + String.join(", ", new TreeSet<>(grants.keySet())) + ".");
        }
        return grant;
    }

    /** The grant type an audit entry names: the one sent, shortened; empty when there was not exactly one. */
    private static String auditedGrantType(TokenRequest request) {
        List<String> sent = request.parameters().getOrDefault("grant_type", List.of());
        return sent.size() == 1 ? AccountTokenRequest.shortened(sent.get(0)) : "";
    }
}
