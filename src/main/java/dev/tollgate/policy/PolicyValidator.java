package dev.tollgate.policy;

import dev.tollgate.support.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks a requested policy spec against its constraint and returns it in the one form that is stored. */
final class PolicyValidator {

    static final int MAX_RULES = 10;
    static final int MAX_VALUES = 500;

    private PolicyValidator() {}

    static PolicySpec normalize(Constraint constraint, PolicySpec spec) {
        if (spec == null) {
            throw ApiException.invalidArgument(
                    "spec is required: {\"spec\":{\"rules\":[…]}} or {\"spec\":{\"reset\":true}}.");
        }
        List<PolicySpec.Rule> rules = spec.rules() == null ? List.of() : spec.rules();
        if (spec.isReset()) {
            if (!rules.isEmpty() || spec.inherits()) {
                throw ApiException.invalidArgument("A policy with reset=true has no rules and no inheritFromParent.");
            }
            return new PolicySpec(List.of(), false, true);
        }
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw ApiException.invalidArgument(
                    "spec.rules must hold 1 to " + MAX_RULES + " rules unless spec.reset is true.");
        }
        rules.forEach(PolicyValidator::requireOneKind);
        return constraint.isBoolean() ? booleanSpec(constraint, rules, spec) : listSpec(constraint, rules, spec);
    }

    private static PolicySpec booleanSpec(Constraint constraint, List<PolicySpec.Rule> rules, PolicySpec spec) {
        if (rules.size() != 1 || rules.get(0).enforce() == null) {
            throw ApiException.invalidArgument(constraint.name()
                    + " is a boolean constraint: its policy holds exactly one rule {\"enforce\":true|false}.");
        }
        if (spec.inherits()) {
            throw ApiException.invalidArgument(constraint.name()
                    + " is a boolean constraint: inheritFromParent applies to list constraints only.");
        }
        return new PolicySpec(List.of(PolicySpec.Rule.enforce(rules.get(0).enforce())), false, false);
    }

    private static PolicySpec listSpec(Constraint constraint, List<PolicySpec.Rule> rules, PolicySpec spec) {
        boolean inherit = spec.inherits();
        Set<String> allowed = new LinkedHashSet<>();
        for (PolicySpec.Rule rule : rules) {
            if (rule.enforce() != null) {
                throw ApiException.invalidArgument(constraint.name()
                        + " is a list constraint: use {\"values\":{\"allowedValues\":[…]}}, {\"allowAll\":true} or"
                        + " {\"denyAll\":true}, not enforce.");
            }
            if (rule.values() == null) {
                if (rules.size() > 1) {
                    throw ApiException.invalidArgument("allowAll and denyAll must be the only rule of a policy.");
                }
                PolicySpec.Rule only = Boolean.TRUE.equals(rule.allowAll())
                        ? PolicySpec.Rule.allowingAll()
                        : PolicySpec.Rule.denyingAll();
                return new PolicySpec(List.of(only), false, false);
            }
            allowed.addAll(values(constraint, rule.values()));
        }
        if (allowed.size() > MAX_VALUES) {
            throw ApiException.invalidArgument("A policy allows at most " + MAX_VALUES + " values.");
        }
        return new PolicySpec(List.of(PolicySpec.Rule.allowed(List.copyOf(allowed))), inherit, false);
    }

    private static List<String> values(Constraint constraint, PolicySpec.Values values) {
        if (values.deniedValues() != null && !values.deniedValues().isEmpty()) {
            throw ApiException.invalidArgument("deniedValues is not supported; list the allowedValues instead.");
        }
        if (values.allowedValues() == null || values.allowedValues().isEmpty()) {
            throw ApiException.invalidArgument("values.allowedValues must list at least one value.");
        }
        List<String> checked = new ArrayList<>();
        for (String value : values.allowedValues()) {
            if (value == null
                    || value.length() > ConstraintCatalogue.MAX_VALUE_LENGTH
                    || !constraint.validValue().test(value)) {
                throw ApiException.invalidArgument("Value '" + abbreviated(value) + "' is not valid for "
                        + constraint.name() + ": expected " + constraint.valueDescription() + ".");
            }
            checked.add(value);
        }
        return checked;
    }

    private static void requireOneKind(PolicySpec.Rule rule) {
        if (rule == null) {
            throw ApiException.invalidArgument("spec.rules must not contain null.");
        }
        if (rule.condition() != null) {
            throw ApiException.invalidArgument("Conditional rules are not supported.");
        }
        int kinds = (rule.enforce() != null ? 1 : 0)
                + (rule.values() != null ? 1 : 0)
                + (Boolean.TRUE.equals(rule.allowAll()) ? 1 : 0)
                + (Boolean.TRUE.equals(rule.denyAll()) ? 1 : 0);
        if (kinds != 1) {
            throw ApiException.invalidArgument(
                    "Each rule sets exactly one of enforce, values, allowAll=true or denyAll=true.");
        }
    }

    private static String abbreviated(String value) {
        return value == null || value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
