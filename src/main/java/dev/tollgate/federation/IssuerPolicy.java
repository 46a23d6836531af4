package dev.tollgate.federation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The organization policy {@code iam.workloadIdentityPoolProviders}: which issuers a provider may name (contract §10). */
@ApplicationScoped
public class IssuerPolicy {

    /** Succeeds when the project's effective policy allows {@code issuerUri}; FAILED_PRECONDITION otherwise. */
    public Uni<Void> requireAllowed(PoolLocation location, String issuerUri) {
        // TODO(policy): OrgPolicies#requireAllowed lands on main shortly.
        return Uni.createFrom().voidItem();
    }
}
