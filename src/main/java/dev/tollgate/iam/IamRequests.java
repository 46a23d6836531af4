package dev.tollgate.iam;

import java.util.List;
import java.util.Set;

/** Bodies of the IAM policy methods (docs/api.md "IAM allow policies"). */
public final class IamRequests {

    private IamRequests() {}

    public record SetIamPolicy(PolicyBody policy, String updateMask) {}

    public record PolicyBody(Integer version, List<AllowPolicy.Binding> bindings, String etag) {
        AllowPolicy toPolicy() {
            return new AllowPolicy(0, bindings, etag);
        }
    }

    /** The wire form: {@code version} is the policy format (always 1), not the revision. */
    public record PolicyView(int version, List<AllowPolicy.Binding> bindings, String etag) {
        public static PolicyView of(AllowPolicy policy) {
            return new PolicyView(1, policy.bindings(), policy.etag());
        }
    }

    public record Permissions(Set<String> permissions) {}
}
