package dev.tollgate.policy;

import java.util.function.Predicate;

/**
 * One constraint of the catalogue.
 *
 * @param listDefaultAllows for a list constraint, whether a value is allowed where no policy applies
 * @param validValue for a list constraint, what its values must look like
 * @param valueDescription what {@code validValue} accepts, for error messages
 */
record Constraint(
        String name, Type type, boolean listDefaultAllows, Predicate<String> validValue, String valueDescription) {

    enum Type {
        BOOLEAN,
        LIST
    }

    static Constraint bool(String name) {
        return new Constraint(name, Type.BOOLEAN, false, value -> false, "");
    }

    static Constraint list(String name, boolean defaultAllows, Predicate<String> validValue, String valueDescription) {
        return new Constraint(name, Type.LIST, defaultAllows, validValue, valueDescription);
    }

    boolean isBoolean() {
        return type == Type.BOOLEAN;
    }
}
