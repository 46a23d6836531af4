package dev.tollgate.federation.admin;

import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The organization policy {@code iam.workloadIdentityPoolProviders}: which issuers a provider may name (docs/api.md
 * "Organization policies and settings"). Where it restricts issuers, a provider cannot carry inline keys
 * ({@code oidc.jwksJson}): keys it carried could sign tokens for any allowed issuer, so the allowed issuer's own
 * published keys are the only ones that count.
 */
@ApplicationScoped
public class IssuerPolicy {

    private static final String CONSTRAINT = Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS;

    private final OrgPolicies policies;

    public IssuerPolicy(OrgPolicies policies) {
        this.policies = policies;
    }

    /** Succeeds when the project's effective policy allows {@code issuerUri}; 400 FAILED_PRECONDITION naming both otherwise. */
    public Uni<Void> requireAllowed(PoolLocation location, String issuerUri) {
        return policies.requireAllowed(location.projectResource(), CONSTRAINT, issuerUri);
    }

    /** 400 FAILED_PRECONDITION naming the constraint when {@code jwksJson} is set where the policy restricts issuers. */
    public Uni<Void> requireNoInlineKeys(PoolLocation location, String jwksJson) {
        if (jwksJson == null || jwksJson.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return policies.restricts(location.projectResource(), CONSTRAINT)
                .invoke(restricted -> {
                    if (restricted) {
                        throw ApiException.failedPrecondition("The organization policy constraint " + CONSTRAINT
                                + " restricts the issuers of " + location.projectResource()
                                + ": providers there cannot carry"
                                + " inline keys (oidc.jwksJson); their keys are fetched from the issuer.");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * For an exchange: a {@code keys} rejection when the provider carries inline keys and the policy now restricts
     * issuers (set after the provider was saved); empty otherwise, at no cost for providers without inline keys.
     */
    public Uni<Optional<FederationRejection>> inlineKeysRefusal(ResolvedProvider provider) {
        if (provider.spec().jwksJson().filter(json -> !json.isBlank()).isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return policies.restricts(provider.projectResource(), CONSTRAINT)
                .map(restricted -> restricted
                        ? Optional.of(new FederationRejection(
                                Check.KEYS,
                                "inline keys (oidc.jwksJson)",
                                "keys fetched from the issuer, as the organization policy " + CONSTRAINT
                                        + " restricts the" + " issuers of " + provider.projectResource()))
                        : Optional.empty());
    }
}
