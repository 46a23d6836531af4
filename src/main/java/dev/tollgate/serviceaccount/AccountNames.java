package dev.tollgate.serviceaccount;

import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.ResourceNames;
import dev.tollgate.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Homes, account ids, emails and the {@code email or uniqueId} path segment (docs/api.md "Service accounts"). */
final class AccountNames {

    /** {@code projects/-}: the account wherever it lives. */
    static final String ANY_HOME = "projects/-";

    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");
    private static final Pattern UNIQUE_ID = Pattern.compile("[0-9]{1,40}");

    private AccountNames() {}

    /** A home that accounts can be created or listed in: {@code organizations/o}, {@code teams/t}, {@code projects/p}. */
    static ResourceNames.Name concreteHome(String home) {
        if (ANY_HOME.equals(home)) {
            throw ApiException.invalidArgument("projects/- finds existing accounts; create and list need a concrete"
                    + " home: organizations/{id}, teams/{id} or projects/{id}.");
        }
        return ResourceNames.parse(home);
    }

    static void requireValidAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw ApiException.invalidArgument("Invalid accountId '" + accountId + "': use 6-30 characters, lowercase"
                    + " letters, digits and hyphens, starting with a letter and not ending with a hyphen.");
        }
    }

    static String email(String accountId, ResourceNames.Name home, String iamDomain) {
        String kind = switch (home.kind()) {
            case ORGANIZATION -> "org";
            case TEAM -> "team";
            case PROJECT -> "iam";
        };
        return accountId + "@" + home.id() + "." + kind + "." + iamDomain;
    }

    static boolean isUniqueId(String identifier) {
        return identifier != null && UNIQUE_ID.matcher(identifier).matches();
    }

    static void requireIdentifier(String identifier) {
        if (identifier == null || (!identifier.contains("@") && !isUniqueId(identifier))) {
            throw ApiException.invalidArgument(
                    "'" + identifier + "' is neither a service account email nor a uniqueId.");
        }
    }

    static String text(String field, String value, int maxBytes) {
        String text = value == null ? "" : value;
        if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ApiException.invalidArgument(field + " is longer than " + maxBytes + " bytes.");
        }
        return text;
    }

    static boolean isOrganization(ResourceNames.Name home) {
        return home.kind() == Node.Kind.ORGANIZATION;
    }
}
