package dev.tollgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code spec} of an organization policy (docs/api.md "Organization policies and settings"), as sent, stored and shown.
 *
 * @param rules one {@code {enforce}} rule for a boolean constraint; {@code {values}} rules, or a single
 *     {@code {allowAll}} or {@code {denyAll}} rule, for a list constraint; empty when {@link #reset}
 * @param inheritFromParent list constraints only: merge the allowed values with the parent's instead of replacing them
 * @param reset restore the constraint's default for this resource and everything below it
 */
public record PolicySpec(List<Rule> rules, Boolean inheritFromParent, Boolean reset) {

    /** One rule; exactly one of its members is set. {@code condition} is not supported and refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(Boolean enforce, Values values, Boolean allowAll, Boolean denyAll, Object condition) {

        static Rule enforce(boolean enforce) {
            return new Rule(enforce, null, null, null, null);
        }

        static Rule allowed(List<String> values) {
            return new Rule(null, new Values(values, null), null, null, null);
        }

        static Rule allowingAll() {
            return new Rule(null, null, true, null, null);
        }

        static Rule denyingAll() {
            return new Rule(null, null, null, true, null);
        }
    }

    /** {@code deniedValues} is not supported and refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Values(List<String> allowedValues, List<String> deniedValues) {}

    boolean isReset() {
        return Boolean.TRUE.equals(reset);
    }

    boolean inherits() {
        return Boolean.TRUE.equals(inheritFromParent);
    }
}
