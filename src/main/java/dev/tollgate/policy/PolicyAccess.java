package dev.tollgate.policy;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.iam.Authorizer;
import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The permission check and audit record that every policy and setting method shares. */
@ApplicationScoped
class PolicyAccess {

    private final Hierarchy hierarchy;
    private final Authorizer authorizer;
    private final CurrentCaller caller;
    private final GuardedChanges changes;

    PolicyAccess(Hierarchy hierarchy, Authorizer authorizer, CurrentCaller caller, GuardedChanges changes) {
        this.hierarchy = hierarchy;
        this.authorizer = authorizer;
        this.caller = caller;
        this.changes = changes;
    }

    /** NOT_FOUND when {@code resource} does not exist, PERMISSION_DENIED when the caller lacks {@code permission}. */
    Uni<Void> require(String resource, String permission) {
        return hierarchy.node(resource).chain(() -> changes.require(caller.get(), resource, permission));
    }

    /**
     * Guardrails are changed from the organization only (docs/api.md "Organization policies and settings"): the caller
     * must hold {@code permission} on the organization that {@code resource} belongs to, so that a team or project
     * admin (whose {@code roles/admin} holds every permission below the organization) cannot lift what the
     * organization enforces. NOT_FOUND when {@code resource} does not exist, PERMISSION_DENIED otherwise.
     */
    Uni<Void> requireOnOrganization(String resource, String permission) {
        return hierarchy
                .node(resource)
                .chain(node -> {
                    String organization = "organizations/" + node.orgId();
                    return authorizer
                            .holds(caller.get(), organization, permission)
                            .invoke(held -> {
                                if (!held) {
                                    throw ApiException.permissionDenied(
                                            "Permission '" + permission + "' denied on resource '"
                                                    + organization + "' for "
                                                    + caller.get().member() + ": organization policies and settings"
                                                    + " of " + resource + " are changed by holders of " + permission
                                                    + " on its organization ("
                                                    + "roles/orgpolicy.policyAdmin or roles/admin there).");
                                }
                            });
                })
                .replaceWithVoid();
    }

    /** Records a change in the caller's transaction, shown within {@code resource}'s lineage. */
    Uni<Void> record(String method, String resource, String target, Map<String, Object> details) {
        return changes.record(caller.get(), new Change(method, target, resource, details));
    }
}
