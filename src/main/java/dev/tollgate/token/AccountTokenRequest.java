package dev.tollgate.token;

import dev.tollgate.serviceaccount.ApiKeyFormat;
import dev.tollgate.support.OAuthException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a caller may ask of a service-account access token (docs/api.md "Token endpoint"): {@code scope}, {@code audience},
 * {@code entity} (the team to write to) and the attributed user ({@code username} or {@code user_email}).
 */
record AccountTokenRequest(
        Set<String> scopes, List<String> audience, Optional<String> entity, Optional<String> attributedUser) {

    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");

    private static final Pattern TEAM_ID = Pattern.compile("[a-z][-a-z0-9]{1,28}[a-z0-9]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,128}@[^@\\s]{1,253}");
    private static final int MAX_SCOPES = 50;
    private static final int MAX_AUDIENCE_LENGTH = 1024;

    static AccountTokenRequest parse(TokenRequest request) {
        return new AccountTokenRequest(
                scopes(request.single("scope")),
                audience(request.single("audience")),
                entity(request.single("entity")),
                attributedUser(request));
    }

    static Set<String> scopes(Optional<String> scope) {
        Set<String> scopes = new LinkedHashSet<>();
        scope.ifPresent(text -> {
            for (String token : text.trim().split(" +")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!SCOPE_TOKEN.matcher(token).matches()) {
                    throw OAuthException.invalidScope(
                            "Scope '" + shortened(token) + "' has characters RFC 6749 §3.3" + " does not allow.");
                }
                scopes.add(token);
            }
        });
        if (scopes.size() > MAX_SCOPES) {
            throw OAuthException.invalidScope(scopes.size() + " scopes requested; the limit is " + MAX_SCOPES + ".");
        }
        return scopes;
    }

    static List<String> audience(Optional<String> audience) {
        return audience.map(value -> {
                    if (value.length() > MAX_AUDIENCE_LENGTH || value.isBlank()) {
                        throw OAuthException.invalidTarget(
                                "audience must be 1 to " + MAX_AUDIENCE_LENGTH + " characters.");
                    }
                    return List.of(value);
                })
                .orElse(List.of());
    }

    /** {@code ml} or {@code teams/ml}, as {@code teams/ml}. */
    private static Optional<String> entity(Optional<String> entity) {
        return entity.map(value -> {
            String id = value.startsWith("teams/") ? value.substring("teams/".length()) : value;
            if (!TEAM_ID.matcher(id).matches()) {
                throw OAuthException.invalidTarget("entity '" + shortened(value) + "' is not a team id.");
            }
            return "teams/" + id;
        });
    }

    private static Optional<String> attributedUser(TokenRequest request) {
        Optional<String> username = request.single("username");
        Optional<String> email = request.single("user_email");
        if (username.isPresent() && email.isPresent() && !username.get().equalsIgnoreCase(email.get())) {
            throw OAuthException.invalidRequest("username '" + shortened(username.get()) + "' and user_email '"
                    + shortened(email.get()) + "' name different users; send one.");
        }
        return email.or(() -> username).map(user -> {
            if (!EMAIL.matcher(user).matches()) {
                throw OAuthException.invalidRequest("User '" + shortened(user) + "' is not an email address;"
                        + " Tollgate users are named by email.");
            }
            return user;
        });
    }

    /** A client-supplied value as it may be echoed or audited: API keys cut to their id, at most 100 characters. */
    static String shortened(String value) {
        String redacted = ApiKeyFormat.redact(value);
        return redacted.length() <= 100 ? redacted : redacted.substring(0, 100) + "…";
    }
}
