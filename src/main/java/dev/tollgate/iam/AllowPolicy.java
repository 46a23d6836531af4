package dev.tollgate.iam;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** An allow policy: role bindings and an etag that changes with every write (docs/api.md "IAM allow policies"). */
public record AllowPolicy(int version, List<Binding> bindings, String etag) {

    public record Binding(String role, List<String> members) {}

    public static final AllowPolicy EMPTY = of(0, List.of());

    public static AllowPolicy of(int version, List<Binding> bindings) {
        String etag = Base64.getEncoder().encodeToString(("v" + version).getBytes(StandardCharsets.UTF_8));
        return new AllowPolicy(version, List.copyOf(bindings), etag);
    }

    /** Whether a binding of a role granting {@code permission} names one of {@code principals}. */
    public boolean allows(Set<String> principals, String permission, boolean adminBindingsOnly) {
        for (Binding binding : bindings) {
            if (adminBindingsOnly && !binding.role().equals(Roles.ADMIN)) {
                continue;
            }
            if (Roles.grants(binding.role(), permission)
                    && binding.members().stream().anyMatch(principals::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any binding names one of {@code principals}. */
    public boolean names(Set<String> principals) {
        return bindings.stream().anyMatch(binding -> binding.members().stream().anyMatch(principals::contains));
    }
}
