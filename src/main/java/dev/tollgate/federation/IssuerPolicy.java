package dev.tollgate.federation;

import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The organization policy {@code iam.workloadIdentityPoolProviders}: which issuers a provider may name (contract §10). */
@ApplicationScoped
public class IssuerPolicy {

    private final OrgPolicies policies;

    public IssuerPolicy(OrgPolicies policies) {
        this.policies = policies;
    }

    /** Succeeds when the project's effective policy allows {@code issuerUri}; 400 FAILED_PRECONDITION naming both otherwise. */
    public Uni<Void> requireAllowed(PoolLocation location, String issuerUri) {
        return policies.requireAllowed(location.projectResource(), Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS,
                issuerUri);
    }
}
