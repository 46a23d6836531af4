package dev.tollgate.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the policies along a lineage combine (docs/api.md "Organization policies and settings"). Boolean: the nearest policy wins, {@code reset}
 * restores "not enforced" for its subtree. List: from the organization down, each policy replaces what is above
 * it, or with {@code inheritFromParent} adds its values to it (an inherited allowAll stays allowAll, an inherited
 * denyAll contributes nothing); {@code reset}, or no policy at all, leaves the constraint's default.
 */
final class EffectivePolicy {

    private EffectivePolicy() {}

    /** The policy set on {@code resource} for the constraint, or {@code null}. */
    record Layer(String resource, PolicySpec spec) {}

    /** @param source the resource whose policy decided, empty when the default did */
    record BooleanVerdict(boolean enforced, Optional<String> source) {

        PolicySpec asSpec() {
            return new PolicySpec(List.of(PolicySpec.Rule.enforce(enforced)), false, false);
        }
    }

    record ListVerdict(Kind kind, Set<String> values) {

        enum Kind {
            DEFAULT,
            ALLOW_ALL,
            DENY_ALL,
            VALUES
        }

        boolean allows(Constraint constraint, String value) {
            return switch (kind) {
                case DEFAULT -> constraint.listDefaultAllows();
                case ALLOW_ALL -> true;
                case DENY_ALL -> false;
                case VALUES -> values.contains(value);
            };
        }

        boolean allowsAll(Constraint constraint) {
            return kind == Kind.ALLOW_ALL || (kind == Kind.DEFAULT && constraint.listDefaultAllows());
        }

        PolicySpec asSpec(Constraint constraint) {
            PolicySpec.Rule rule = switch (kind) {
                case DEFAULT ->
                    constraint.listDefaultAllows() ? PolicySpec.Rule.allowingAll() : PolicySpec.Rule.denyingAll();
                case ALLOW_ALL -> PolicySpec.Rule.allowingAll();
                case DENY_ALL -> PolicySpec.Rule.denyingAll();
                case VALUES -> PolicySpec.Rule.allowed(List.copyOf(new TreeSet<>(values)));
            };
            return new PolicySpec(List.of(rule), false, false);
        }
    }

    static BooleanVerdict booleanVerdict(List<Layer> nearestFirst) {
        for (Layer layer : nearestFirst) {
            PolicySpec spec = layer.spec();
            if (spec == null) {
                continue;
            }
            if (spec.isReset()) {
                return new BooleanVerdict(false, Optional.empty());
            }
            return new BooleanVerdict(
                    Boolean.TRUE.equals(spec.rules().get(0).enforce()), Optional.of(layer.resource()));
        }
        return new BooleanVerdict(false, Optional.empty());
    }

    static ListVerdict listVerdict(List<Layer> nearestFirst) {
        ListVerdict verdict = new ListVerdict(ListVerdict.Kind.DEFAULT, Set.of());
        for (int i = nearestFirst.size() - 1; i >= 0; i--) {
            PolicySpec spec = nearestFirst.get(i).spec();
            if (spec != null) {
                verdict = apply(verdict, spec);
            }
        }
        return verdict;
    }

    private static ListVerdict apply(ListVerdict above, PolicySpec spec) {
        if (spec.isReset()) {
            return new ListVerdict(ListVerdict.Kind.DEFAULT, Set.of());
        }
        PolicySpec.Rule rule = spec.rules().get(0);
        if (Boolean.TRUE.equals(rule.allowAll())) {
            return new ListVerdict(ListVerdict.Kind.ALLOW_ALL, Set.of());
        }
        if (Boolean.TRUE.equals(rule.denyAll())) {
            return new ListVerdict(ListVerdict.Kind.DENY_ALL, Set.of());
        }
        Set<String> values = new LinkedHashSet<>(rule.values().allowedValues());
        if (!spec.inherits()) {
            return new ListVerdict(ListVerdict.Kind.VALUES, Set.copyOf(values));
        }
        if (above.kind() == ListVerdict.Kind.ALLOW_ALL) {
            return above;
        }
        values.addAll(above.values());
        return new ListVerdict(ListVerdict.Kind.VALUES, Set.copyOf(values));
    }
}
