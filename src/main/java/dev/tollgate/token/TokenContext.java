package dev.tollgate.token;

import dev.tollgate.keys.KeySets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything an access token says (docs/api.md "Token endpoint"), assembled by a grant with {@link #builder} and
 * turned into claims by {@link AccessTokens} only.
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
 * @param keySet the key set that signs, normally {@link KeySets#SERVER}
 */
public record TokenContext(
        String subject,
        Optional<String> email,
        String clientId,
        List<String> audience,
        Set<String> scopes,
        Optional<String> org,
        Optional<String> team,
        Optional<String> actor,
        Map<String, Object> extraClaims,
        Duration lifetime,
        String keySet) {

    public TokenContext {
        audience = List.copyOf(audience);
        scopes = scopes.isEmpty() && audience.isEmpty() ? Set.of(ApiScopes.CLOUD_PLATFORM) : Set.copyOf(scopes);
        extraClaims = Map.copyOf(extraClaims);
    }

    /** A token for {@code subject} as {@code clientId}, living {@code lifetime}, signed by the server's keys. */
    public static Builder builder(String subject, String clientId, Duration lifetime) {
        return new Builder(subject, clientId, lifetime);
    }

    /** {@code scope} as sent on the wire: sorted, space-separated; empty when there are none. */
    public String scopeString() {
        return String.join(" ", new TreeSet<>(scopes));
    }

    /** The optional parts of a {@link TokenContext}; unset ones are empty. */
    public static final class Builder {

        private final String subject;
        private final String clientId;
        private final Duration lifetime;
        private Optional<String> email = Optional.empty();
        private List<String> audience = List.of();
        private Set<String> scopes = Set.of();
        private Optional<String> org = Optional.empty();
        private Optional<String> team = Optional.empty();
        private Optional<String> actor = Optional.empty();
        private Map<String, Object> extraClaims = Map.of();

        private Builder(String subject, String clientId, Duration lifetime) {
            this.subject = subject;
            this.clientId = clientId;
            this.lifetime = lifetime;
        }

        public Builder email(String email) {
            this.email = Optional.of(email);
            return this;
        }

        public Builder audience(List<String> audience) {
            this.audience = audience;
            return this;
        }

        public Builder scopes(Set<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder org(String org) {
            this.org = Optional.of(org);
            return this;
        }

        public Builder team(Optional<String> team) {
            this.team = team;
            return this;
        }

        public Builder actor(Optional<String> actor) {
            this.actor = actor;
            return this;
        }

        public Builder extraClaims(Map<String, Object> extraClaims) {
            this.extraClaims = extraClaims;
            return this;
        }

        public TokenContext build() {
            return new TokenContext(
                    subject,
                    email,
                    clientId,
                    audience,
                    scopes,
                    org,
                    team,
                    actor,
                    extraClaims,
                    lifetime,
                    KeySets.SERVER);
        }
    }
}
