package dev.tollgate.token.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.Signer;
import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Access and ID tokens for impersonated accounts (contract §6). Interim: once the token feature's
 * {@code AccessTokens}/{@code IdTokens} are on main this delegates to them, so that claims are assembled in one place.
 */
@ApplicationScoped
public class CredentialTokens {

    /** A signed token; log {@link #jti()}, never {@link #token()}. */
    public record Minted(String token, Instant expiresAt, String jti) {

        @Override
        public String toString() {
            return "Minted[jti=" + jti + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Where an access token writes to: the {@code org} and {@code team} claims. */
    public record Entity(String org, Optional<String> team) {
    }

    private final Signer signer;
    private final TollgateConfig server;
    private final Clock clock;
    private final ObjectMapper json;

    public CredentialTokens(Signer signer, TollgateConfig server, Clock clock, ObjectMapper json) {
        this.signer = signer;
        this.server = server;
        this.clock = clock;
        this.json = json;
    }

    /** An RFC 9068 access token for {@code account}; {@code actor} becomes {@code act.sub}. */
    public Minted accessToken(ImpersonatedAccount account, Set<String> scopes, Entity entity, Optional<String> actor,
            Duration lifetime) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        String jti = Ids.hex(16);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", server.baseUrl());
        claims.put("sub", account.uniqueId());
        claims.put("aud", server.baseUrl());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", jti);
        claims.put("scope", String.join(" ", new TreeSet<>(scopes)));
        claims.put("client_id", account.uniqueId());
        claims.put("email", account.email());
        claims.put("org", entity.org());
        entity.team().ifPresent(team -> claims.put("team", team));
        actor.ifPresent(act -> claims.put("act", Map.of("sub", act)));
        return new Minted(signer.signJwt(KeySets.SERVER, Map.of("typ", "at+jwt"), json(claims)), expiresAt, jti);
    }

    /** An OpenID Connect ID token whose {@code sub} and {@code azp} are the account's uniqueId. */
    public Minted idToken(ImpersonatedAccount account, String audience, boolean includeEmail, Duration lifetime) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        String jti = Ids.hex(16);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", server.baseUrl());
        claims.put("aud", audience);
        claims.put("azp", account.uniqueId());
        claims.put("sub", account.uniqueId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti);
        if (includeEmail) {
            claims.put("email", account.email());
            claims.put("email_verified", true);
        }
        return new Minted(signer.signJwt(KeySets.SERVER, Map.of("typ", "JWT"), json(claims)), expiresAt, jti);
    }

    private String json(Map<String, Object> claims) {
        try {
            return json.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Token claims are not JSON-serialisable", e);
        }
    }
}
