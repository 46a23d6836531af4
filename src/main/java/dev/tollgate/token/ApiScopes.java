package dev.tollgate.token;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The OAuth scopes that let an access token of this server call Tollgate's own API ({@code /v1}; docs/api.md
 * "Scopes of Tollgate's API"). Google's names, because Google's client libraries ask for them when they impersonate
 * or call IAM: either grants the whole API, within the caller's IAM permissions. There is no read-only scope.
 */
public final class ApiScopes {

    /** What Google's libraries ask by default, and what a token asked without a scope for this server carries. */
    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    /** Google's IAM API scope. */
    public static final String IAM = "https://www.googleapis.com/auth/iam";

    static final Set<String> API = Set.of(CLOUD_PLATFORM, IAM);

    private ApiScopes() {}

    /** Whether a token with these scopes may call the API. */
    static boolean allowApi(Collection<String> scopes) {
        return scopes.stream().anyMatch(API::contains);
    }

    /** The scopes of a {@code scope} claim (RFC 9068 §2.2.3: space-separated); none when absent or not a string. */
    static List<String> of(Object scopeClaim) {
        return scopeClaim instanceof String text && !text.isBlank()
                ? List.of(text.trim().split(" +"))
                : List.of();
    }
}
