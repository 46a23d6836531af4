package dev.tollgate.iam;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param member the IAM member it is, e.g. {@code user:alice@example.com}, {@code serviceAccount:ci@ml.team.tollgate.local}
 *     or {@code principal://iam.tollgate.local/projects/123/locations/global/workloadIdentityPools/gh/subject/repo:o/r}
 * @param principals every member string a binding may name to match this caller (the member itself, and for
 *     federated callers the principalSet forms of its pool, groups and attributes)
 * @param serviceAccountHome for a service account, its home ({@code organizations/o}, {@code teams/t} or
 *     {@code projects/p}), which decides its implicit data access
 * @param serviceAccountId for a service account, its uniqueId
 */
public record Caller(
        String member, Set<String> principals, Optional<String> serviceAccountHome, Optional<String> serviceAccountId) {

    public static Caller user(String email) {
        String member = "user:" + email;
        return new Caller(member, Set.of(member), Optional.empty(), Optional.empty());
    }

    public static Caller serviceAccount(String email, String uniqueId, String home) {
        String member = "serviceAccount:" + email;
        return new Caller(member, Set.of(member), Optional.of(home), Optional.of(uniqueId));
    }

    public static Caller federated(String principal, Set<String> principalSets) {
        HashSet<String> all = new HashSet<>(principalSets);
        all.add(principal);
        return new Caller(principal, Set.copyOf(all), Optional.empty(), Optional.empty());
    }
}
