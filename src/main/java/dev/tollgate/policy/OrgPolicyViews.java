package dev.tollgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.policy.ResourcePolicies.StoredPolicy;
import dev.tollgate.policy.ResourcePolicies.StoredSetting;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Timestamps;
import java.util.List;

/** Bodies of the organization policy and setting methods (docs/api.md "Organization policies and settings", §4.3). */
public final class OrgPolicyViews {

    private OrgPolicyViews() {}

    /** A {@code name} sent in a body is optional, but when present it must be the one the path names. */
    static void requireName(String given, String expected) {
        if (given != null && !given.isEmpty() && !given.equals(expected)) {
            throw ApiException.invalidArgument(
                    "name '" + given + "' does not match the path: expected '" + expected + "'.");
        }
    }

    /** PUT body; {@code etag}, when given, must be the stored policy's (409 ABORTED otherwise). */
    public record SetPolicy(String name, PolicySpec spec, String etag) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PolicyView(String name, PolicySpec spec, String etag, String updateTime) {

        static PolicyView of(StoredPolicy policy) {
            return new PolicyView(policy.name(), policy.spec(), policy.etag(), Timestamps.format(policy.updateTime()));
        }

        static PolicyView effective(String name, PolicySpec spec) {
            return new PolicyView(name, spec, null, null);
        }
    }

    public record Policies(List<PolicyView> policies) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(String stringValue) {}

    /** PATCH body; an absent or empty value clears the setting. */
    public record SetSetting(String name, Value value) {}

    /** {@code value} is absent when nothing is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SettingView(String name, Value value, String updateTime) {

        static SettingView of(String name, StoredSetting setting) {
            return setting == null
                    ? new SettingView(name, null, null)
                    : new SettingView(name, new Value(setting.value()), Timestamps.format(setting.updateTime()));
        }
    }
}
