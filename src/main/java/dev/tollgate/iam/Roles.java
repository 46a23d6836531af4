package dev.tollgate.iam;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue of predefined roles and the permissions each grants (docs/api.md "IAM allow policies"). Permissions are named
 * {@code service.resource.verb} ({@code iam.serviceAccounts.create}); hierarchy data permissions are
 * {@code projects.get} and {@code projects.write}. A grant ending in {@code .*} or starting with {@code *.} is a
 * pattern; {@code *} is everything.
 */
public final class Roles {

    public static final String ADMIN = "roles/admin";
    public static final String MEMBER = "roles/member";
    /** Sets organization policies and settings; bound only on organizations (docs/api.md "IAM allow policies"). */
    public static final String ORG_POLICY_ADMIN = "roles/orgpolicy.policyAdmin";

    private static final Set<String> SERVICE_ACCOUNT_READ =
            Set.of("iam.serviceAccounts.get", "iam.serviceAccounts.list");

    private static final Map<String, Set<String>> GRANTS = Map.ofEntries(
            Map.entry(ADMIN, Set.of("*")),
            Map.entry(
                    MEMBER,
                    Set.of("projects.get", "projects.list", "projects.write", "teams.get", "organizations.get")),
            Map.entry("roles/viewer", Set.of("*.get", "*.list")),
            Map.entry(
                    "roles/iam.serviceAccountAdmin",
                    union(
                            SERVICE_ACCOUNT_READ,
                            Set.of(
                                    "iam.serviceAccounts.create",
                                    "iam.serviceAccounts.update",
                                    "iam.serviceAccounts.delete",
                                    "iam.serviceAccounts.undelete",
                                    "iam.serviceAccounts.enable",
                                    "iam.serviceAccounts.disable",
                                    "iam.serviceAccounts.getIamPolicy",
                                    "iam.serviceAccounts.setIamPolicy"))),
            Map.entry(
                    "roles/iam.serviceAccountKeyAdmin",
                    union(SERVICE_ACCOUNT_READ, Set.of("iam.serviceAccountKeys.*", "iam.serviceAccountApiKeys.*"))),
            Map.entry("roles/iam.serviceAccountUser", Set.of("iam.serviceAccounts.actAs")),
            Map.entry(
                    "roles/iam.serviceAccountTokenCreator",
                    Set.of(
                            "iam.serviceAccounts.getAccessToken",
                            "iam.serviceAccounts.getOpenIdToken",
                            "iam.serviceAccounts.signBlob",
                            "iam.serviceAccounts.signJwt",
                            "iam.serviceAccounts.implicitDelegation")),
            Map.entry("roles/iam.serviceAccountOpenIdTokenCreator", Set.of("iam.serviceAccounts.getOpenIdToken")),
            Map.entry(
                    "roles/iam.workloadIdentityUser",
                    Set.of("iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken")),
            Map.entry(
                    "roles/iam.workloadIdentityPoolAdmin",
                    Set.of("iam.workloadIdentityPools.*", "iam.workloadIdentityPoolProviders.*")),
            Map.entry("roles/orgpolicy.policyAdmin", Set.of("orgpolicy.*")),
            Map.entry("roles/logging.viewer", Set.of("logging.logEntries.list")));

    /**
     * Permissions a role's patterns would match but it does not grant: docs/api.md "Audit log" keeps audit logs to
     * {@code roles/logging.viewer} and {@code roles/admin}, so {@code roles/viewer}'s {@code *.list} stops short of them.
     */
    private static final Map<String, Set<String>> EXCEPT = Map.of("roles/viewer", Set.of("logging.logEntries.list"));

    private Roles() {}

    public static boolean exists(String role) {
        return GRANTS.containsKey(role);
    }

    public static Set<String> names() {
        return GRANTS.keySet();
    }

    /** Whether {@code role} may be bound only on an organization itself. */
    public static boolean organizationOnly(String role) {
        return ORG_POLICY_ADMIN.equals(role);
    }

    public static boolean grants(String role, String permission) {
        Set<String> grants = GRANTS.get(role);
        if (grants == null || EXCEPT.getOrDefault(role, Set.of()).contains(permission)) {
            return false;
        }
        for (String grant : grants) {
            if (matches(grant, permission)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String grant, String permission) {
        if (grant.equals("*") || grant.equals(permission)) {
            return true;
        }
        if (grant.startsWith("*.")) {
            return permission.endsWith(grant.substring(1));
        }
        return grant.endsWith(".*") && permission.startsWith(grant.substring(0, grant.length() - 1));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        HashSet<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
