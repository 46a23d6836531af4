package dev.tollgate.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an access token says (docs/api.md "Token endpoint"), assembled by a grant and turned into claims by
 * {@link AccessTokens} only.
 *
 * @param subject {@code sub}: a service account's uniqueId, or a federated {@code principal://…}
 * @param email {@code email} of a service account
 * @param clientId {@code client_id}: the account's uniqueId, or the provider's full name for federated tokens
 * @param audience {@code aud}; empty means the server's own base URL
 * @param scopes {@code scope}, space-joined; none asked for the server's own audience means {@link
 *     ApiScopes#CLOUD_PLATFORM}, the default RFC 6749 §3.3 lets the server choose
 * @param org {@code org}: the organization id the token writes to
 * @param team {@code team}: the team id the token writes to (the entity)
 * @param actor {@code act.sub}, e.g. {@code user:alice@example.com}, when a human is attributed
 * @param extraClaims further claims (federated attributes, groups); they cannot override the ones above
 * @param lifetime {@code exp - iat}
 * @param keySet the key set that signs, normally {@link dev.tollgate.keys.KeySets#SERVER}
 */
public record TokenContext(String subject, Optional<String> email, String clientId, List<String> audience,
        Set<String> scopes, Optional<String> org, Optional<String> team, Optional<String> actor,
        Map<String, Object> extraClaims, Duration lifetime, String keySet) {

    public TokenContext {
        audience = List.copyOf(audience);
        scopes = scopes.isEmpty() && audience.isEmpty() ? Set.of(ApiScopes.CLOUD_PLATFORM) : Set.copyOf(scopes);
        extraClaims = Map.copyOf(extraClaims);
    }

    /** {@code scope} as sent on the wire: sorted, space-separated; empty when there are none. */
    public String scopeString() {
        return String.join(" ", new java.util.TreeSet<>(scopes));
    }
}
