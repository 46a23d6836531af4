package dev.tollgate.iam;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.ResourceNames;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.support.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code :getIamPolicy}, {@code :setIamPolicy} and {@code :testIamPermissions} for any resource that carries an
 * allow policy. Features owning such resources (service accounts, pools) call it with their resource name, the
 * permission prefix ({@code iam.serviceAccounts}) and the hierarchy names the audit entry is shown within.
 */
@ApplicationScoped
public class IamPolicyService {

    static final int MAX_BINDINGS = 1500;
    static final int MAX_PERMISSIONS_TESTED = 100;

    private final AllowPolicyStore policies;
    private final Authorizer authorizer;
    private final Hierarchy hierarchy;
    private final GuardedChanges changes;

    public IamPolicyService(
            AllowPolicyStore policies, Authorizer authorizer, Hierarchy hierarchy, GuardedChanges changes) {
        this.policies = policies;
        this.authorizer = authorizer;
        this.hierarchy = hierarchy;
        this.changes = changes;
    }

    @WithSession
    public Uni<AllowPolicy> get(Caller caller, String resource, String permissionPrefix) {
        return changes.require(caller, resource, permissionPrefix + ".getIamPolicy")
                .chain(() -> policies.get(resource));
    }

    @WithTransaction
    public Uni<AllowPolicy> set(Caller caller, String resource, String permissionPrefix, AllowPolicy requested) {
        List<AllowPolicy.Binding> bindings = validated(resource, requested);
        return changes.require(caller, resource, permissionPrefix + ".setIamPolicy")
                .chain(() -> policies.get(resource))
                .invoke(current -> requireFreshEtag(current, requested.etag(), resource))
                .chain(() -> policies.put(resource, bindings))
                .call(policy -> changes.record(
                        caller, Change.of("SetIamPolicy", resource, Authorizer.hierarchyPrefix(resource))));
    }

    @WithSession
    public Uni<Set<String>> test(Caller caller, String resource, Collection<String> permissions) {
        if (permissions == null || permissions.size() > MAX_PERMISSIONS_TESTED) {
            throw ApiException.invalidArgument(
                    "permissions must list 1 to " + MAX_PERMISSIONS_TESTED + " permissions.");
        }
        return hierarchy
                .node(Authorizer.hierarchyPrefix(resource))
                .chain(() -> authorizer.held(caller, resource, permissions));
    }

    private static void requireFreshEtag(AllowPolicy current, String etag, String resource) {
        if (etag != null && !etag.isEmpty() && !etag.equals(current.etag())) {
            throw ApiException.aborted("The policy of " + resource + " changed since it was read (etag " + etag
                    + ", current " + current.etag() + "); read it again and reapply your change.");
        }
    }

    private static List<AllowPolicy.Binding> validated(String resource, AllowPolicy requested) {
        if (requested == null || requested.bindings() == null) {
            throw ApiException.invalidArgument("policy.bindings is required (it may be empty).");
        }
        if (requested.bindings().size() > MAX_BINDINGS) {
            throw ApiException.invalidArgument("A policy holds at most " + MAX_BINDINGS + " bindings.");
        }
        List<AllowPolicy.Binding> bindings = new ArrayList<>();
        for (AllowPolicy.Binding binding : requested.bindings()) {
            if (binding == null || !Roles.exists(binding.role())) {
                throw ApiException.invalidArgument("Unknown role '" + (binding == null ? null : binding.role())
                        + "'; known roles: " + String.join(", ", new TreeSet<>(Roles.names())) + ".");
            }
            if (Roles.organizationOnly(binding.role()) && !ResourceNames.isOrganization(resource)) {
                throw ApiException.invalidArgument(binding.role() + " can be bound only on an organization, not on "
                        + resource + ": organization policies are set from the organization.");
            }
            if (binding.members() == null || binding.members().isEmpty()) {
                throw ApiException.invalidArgument("Binding of " + binding.role() + " has no members.");
            }
            binding.members().forEach(Members::requireValid);
            bindings.add(new AllowPolicy.Binding(binding.role(), List.copyOf(new LinkedHashSet<>(binding.members()))));
        }
        if (ResourceNames.isOrganization(resource)) {
            AdminLockout.requireAdminKept(resource, bindings);
        }
        return bindings;
    }
}
