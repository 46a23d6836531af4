package dev.tollgate.policy;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.policy.OrgPolicyViews.PolicyView;
import dev.tollgate.policy.OrgPolicyViews.SetPolicy;
import dev.tollgate.policy.ResourcePolicies.StoredPolicy;
import dev.tollgate.support.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reading and changing the organization policies set on organizations, teams and projects (docs/api.md "Organization policies and settings"). */
@ApplicationScoped
public class OrgPolicyService {

    static final String GET = "orgpolicy.policies.get";
    static final String LIST = "orgpolicy.policies.list";
    static final String SET = "orgpolicy.policies.set";

    private final ConstraintCatalogue catalogue;
    private final OrgPolicyStore store;
    private final OrgPolicies policies;
    private final PolicyAccess access;
    private final GuardedChanges changes;

    public OrgPolicyService(
            ConstraintCatalogue catalogue,
            OrgPolicyStore store,
            OrgPolicies policies,
            PolicyAccess access,
            GuardedChanges changes) {
        this.catalogue = catalogue;
        this.store = store;
        this.policies = policies;
        this.access = access;
        this.changes = changes;
    }

    @WithSession
    public Uni<PolicyView> get(Caller caller, String resource, String constraint) {
        String name =
                OrgPolicyStore.policyName(resource, catalogue.find(constraint).name());
        return access.require(caller, resource, GET)
                .chain(() -> store.get(resource))
                .map(set -> set.policies().get(constraint))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("No policy " + name + " is set."))
                .map(PolicyView::of);
    }

    @WithSession
    public Uni<List<PolicyView>> list(Caller caller, String resource) {
        return access.require(caller, resource, LIST)
                .chain(() -> store.get(resource))
                .map(set -> set.policies().values().stream()
                        .sorted(Comparator.comparing(StoredPolicy::constraint))
                        .map(PolicyView::of)
                        .toList());
    }

    @WithSession
    public Uni<PolicyView> effective(Caller caller, String resource, String constraint) {
        Constraint known = catalogue.find(constraint);
        return access.require(caller, resource, GET)
                .chain(() -> policies.effectiveSpec(resource, known))
                .map(spec -> PolicyView.effective(OrgPolicyStore.policyName(resource, constraint), spec));
    }

    /** Creates or replaces the policy; the cache is dropped after the transaction ended, whatever its outcome. */
    public Uni<PolicyView> set(Caller caller, String resource, String constraint, SetPolicy request) {
        Constraint known = catalogue.find(constraint);
        String name = OrgPolicyStore.policyName(resource, constraint);
        requireBody(request, name);
        return Panache.withTransaction(() -> access.requireOnOrganization(caller, resource, SET)
                        .map(ok -> PolicyValidator.normalize(known, request.spec()))
                        .chain(spec -> store.row(name)
                                .invoke(row -> requireFreshEtag(row, request.etag(), name))
                                .chain(row -> store.putPolicy(row, resource, constraint, spec)))
                        .call(() -> store.announce(resource))
                        .call(() -> changes.record(
                                caller, new Change("SetOrgPolicy", name, resource, Map.of("constraint", constraint)))))
                .onTermination()
                .invoke(() -> store.forget(resource))
                .map(PolicyView::of);
    }

    public Uni<Void> delete(Caller caller, String resource, String constraint) {
        String name =
                OrgPolicyStore.policyName(resource, catalogue.find(constraint).name());
        return Panache.withTransaction(() -> access.requireOnOrganization(caller, resource, SET)
                        .chain(() -> store.row(name))
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("No policy " + name + " is set."))
                        .call(store::deletePolicy)
                        .call(() -> store.announce(resource))
                        .call(() -> changes.record(
                                caller,
                                new Change("DeleteOrgPolicy", name, resource, Map.of("constraint", constraint)))))
                .onTermination()
                .invoke(() -> store.forget(resource))
                .replaceWithVoid();
    }

    private static void requireBody(SetPolicy request, String name) {
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"spec\":{\"rules\":[…]}}.");
        }
        OrgPolicyViews.requireName(request.name(), name);
    }

    private static void requireFreshEtag(OrgPolicyEntity row, String etag, String name) {
        if (etag != null && !etag.isEmpty() && (row == null || !etag.equals(row.etag))) {
            throw ApiException.aborted("The policy " + name + " changed since it was read (etag " + etag + ", current "
                    + (row == null ? "none" : row.etag) + "); read it again and reapply your change.");
        }
    }
}
