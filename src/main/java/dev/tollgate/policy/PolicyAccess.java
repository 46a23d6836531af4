package dev.tollgate.policy;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.iam.Authorizer;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The permission rules that every policy and setting method shares, for a caller passed explicitly; the change and
 * its audit entry go through {@link GuardedChanges} (docs/architecture.md "Guarded changes").
 */
@ApplicationScoped
class PolicyAccess {

    private final Hierarchy hierarchy;
    private final Authorizer authorizer;
    private final GuardedChanges changes;

    PolicyAccess(Hierarchy hierarchy, Authorizer authorizer, GuardedChanges changes) {
        this.hierarchy = hierarchy;
        this.authorizer = authorizer;
        this.changes = changes;
    }

    /** NOT_FOUND when {@code resource} does not exist, PERMISSION_DENIED when the caller lacks {@code permission}. */
    Uni<Void> require(Caller caller, String resource, String permission) {
        return hierarchy.node(resource).chain(() -> changes.require(caller, resource, permission));
    }

    /**
     * Guardrails are changed from the organization only (docs/api.md "Organization policies and settings"): the caller
     * must hold {@code permission} on the organization that {@code resource} belongs to, so that a team or project
     * admin (whose {@code roles/admin} holds every permission below the organization) cannot lift what the
     * organization enforces. NOT_FOUND when {@code resource} does not exist, PERMISSION_DENIED otherwise.
     */
    Uni<Void> requireOnOrganization(Caller caller, String resource, String permission) {
        return hierarchy
                .node(resource)
                .chain(node -> {
                    String organization = "organizations/" + node.orgId();
                    return authorizer.holds(caller, organization, permission).invoke(held -> {
                        if (!held) {
                            throw ApiException.permissionDenied("Permission '" + permission + "' denied on resource '"
                                    + organization + "' for "
                                    + caller.member() + ": organization policies and settings"
                                    + " of " + resource + " are changed by holders of " + permission
                                    + " on its organization ("
                                    + "roles/orgpolicy.policyAdmin or roles/admin there).");
                        }
                    });
                })
                .replaceWithVoid();
    }
}
