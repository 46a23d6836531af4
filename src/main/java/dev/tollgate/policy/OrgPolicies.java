package dev.tollgate.policy;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.iam.Authorizer;
import dev.tollgate.policy.EffectivePolicy.BooleanVerdict;
import dev.tollgate.policy.EffectivePolicy.Layer;
import dev.tollgate.policy.EffectivePolicy.ListVerdict;
import dev.tollgate.policy.ResourcePolicies.StoredSetting;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What other features ask of organization policies and settings, resolved up the hierarchy and served from memory
 * once read. {@code hierarchyResource} is {@code organizations/o}, {@code teams/t} or {@code projects/p} (a
 * resource named inside one, such as {@code teams/t/serviceAccounts/1}, is evaluated at that hierarchy resource).
 * Policies are not retroactive: callers ask at the moment they create or issue something.
 */
@ApplicationScoped
public class OrgPolicies {

    private final Hierarchy hierarchy;
    private final OrgPolicyStore store;
    private final ConstraintCatalogue catalogue;

    public OrgPolicies(Hierarchy hierarchy, OrgPolicyStore store, ConstraintCatalogue catalogue) {
        this.hierarchy = hierarchy;
        this.store = store;
        this.catalogue = catalogue;
    }

    /**
     * Fails with 400 FAILED_PRECONDITION naming the constraint (and the resource where it is enforced) when the
     * boolean constraint is effectively enforced at hierarchyResource.
     */
    public Uni<Void> requireNotEnforced(String hierarchyResource, String constraint) {
        return booleanVerdict(hierarchyResource, constraint)
                .invoke(verdict -> {
                    if (verdict.enforced()) {
                        throw ApiException.failedPrecondition("The organization policy constraint " + constraint
                                + " is enforced on " + verdict.source().orElse(hierarchyResource) + " and applies to "
                                + hierarchyResource + ".");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Boolean> isEnforced(String hierarchyResource, String constraint) {
        return booleanVerdict(hierarchyResource, constraint).map(BooleanVerdict::enforced);
    }

    /**
     * Whether the effective list policy at hierarchyResource allows value (allowAll, denyAll, allowedValues; no
     * policy anywhere = the constraint's default: allowed for iam.workloadIdentityPoolProviders, NOT allowed for
     * iam.allowServiceAccountCredentialLifetimeExtension).
     */
    public Uni<Boolean> allows(String hierarchyResource, String constraint, String value) {
        Constraint known = listConstraint(constraint);
        return listVerdict(hierarchyResource, known).map(verdict -> verdict.allows(known, value));
    }

    /**
     * Whether the effective list policy at hierarchyResource restricts values at all: false only for allowAll, or for
     * no policy when the constraint's default allows every value.
     */
    public Uni<Boolean> restricts(String hierarchyResource, String constraint) {
        Constraint known = listConstraint(constraint);
        return listVerdict(hierarchyResource, known).map(verdict -> !verdict.allowsAll(known));
    }

    /** Fails 400 FAILED_PRECONDITION naming constraint and value when not allowed. */
    public Uni<Void> requireAllowed(String hierarchyResource, String constraint, String value) {
        return allows(hierarchyResource, constraint, value)
                .invoke(allowed -> {
                    if (!allowed) {
                        throw ApiException.failedPrecondition("The organization policy constraint " + constraint
                                + " does not allow '" + value + "' on " + hierarchyResource + ".");
                    }
                })
                .replaceWithVoid();
    }

    /** The key-expiry setting effective at hierarchyResource (nearest ancestor wins), e.g. 24 hours. */
    public Uni<Optional<Duration>> keyExpiry(String hierarchyResource) {
        return effectiveSetting(hierarchyResource, KeyExpiry.SETTING).map(value -> value.map(KeyExpiry::parse));
    }

    /** The value of {@code setting} on the nearest resource of the lineage that sets it. */
    Uni<Optional<String>> effectiveSetting(String hierarchyResource, String setting) {
        return lineageSnapshots(hierarchyResource)
                .map(lineage -> lineage.stream()
                        .map(snapshot -> snapshot.settings().get(setting))
                        .filter(Objects::nonNull)
                        .map(StoredSetting::value)
                        .findFirst());
    }

    /** The effective policy of {@code constraint} at {@code hierarchyResource}, as a spec. */
    Uni<PolicySpec> effectiveSpec(String hierarchyResource, Constraint constraint) {
        return constraint.isBoolean()
                ? booleanVerdict(hierarchyResource, constraint.name()).map(BooleanVerdict::asSpec)
                : listVerdict(hierarchyResource, constraint).map(verdict -> verdict.asSpec(constraint));
    }

    private Uni<BooleanVerdict> booleanVerdict(String hierarchyResource, String constraint) {
        Constraint known = catalogue.find(constraint);
        if (!known.isBoolean()) {
            throw new IllegalArgumentException(constraint + " is a list constraint");
        }
        return layers(hierarchyResource, constraint).map(EffectivePolicy::booleanVerdict);
    }

    private Uni<ListVerdict> listVerdict(String hierarchyResource, Constraint constraint) {
        return layers(hierarchyResource, constraint.name()).map(EffectivePolicy::listVerdict);
    }

    private Constraint listConstraint(String constraint) {
        Constraint known = catalogue.find(constraint);
        if (known.isBoolean()) {
            throw new IllegalArgumentException(constraint + " is a boolean constraint");
        }
        return known;
    }

    private Uni<List<Layer>> layers(String hierarchyResource, String constraint) {
        return hierarchy
                .lineageNames(Authorizer.hierarchyPrefix(hierarchyResource))
                .flatMap(names -> snapshots(names).map(snapshots -> {
                    List<Layer> layers = new ArrayList<>(names.size());
                    for (int i = 0; i < names.size(); i++) {
                        layers.add(new Layer(names.get(i), snapshots.get(i).spec(constraint)));
                    }
                    return layers;
                }));
    }

    private Uni<List<ResourcePolicies>> lineageSnapshots(String hierarchyResource) {
        return hierarchy
                .lineageNames(Authorizer.hierarchyPrefix(hierarchyResource))
                .flatMap(this::snapshots);
    }

    /** One snapshot per name, read one after another: a session runs one query at a time. */
    private Uni<List<ResourcePolicies>> snapshots(List<String> names) {
        return Uni.join()
                .all(names.stream().map(store::get).toList())
                .usingConcurrencyOf(1)
                .andFailFast();
    }
}
