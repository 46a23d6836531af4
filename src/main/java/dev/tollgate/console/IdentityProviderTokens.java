package dev.tollgate.console;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Redeems a console session's refresh token at the identity provider's token endpoint (RFC 6749 §6), as the console's
 * client: a new access token, its expiry, and the refresh token to use next (the same one unless the provider
 * rotates it). Nothing secret is logged.
 */
@ApplicationScoped
public class IdentityProviderTokens {

    private static final Logger LOG = Logger.getLogger(IdentityProviderTokens.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    private final ConsoleConfig config;
    private final Clock clock;
    private final WebClient client;

    public IdentityProviderTokens(ConsoleConfig config, Clock clock, Vertx vertx) {
        this.config = config;
        this.clock = clock;
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setFollowRedirects(false)
                        .setUserAgent("tollgate-console")
                        .setConnectTimeout((int) TIMEOUT_MILLIS));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A renewed access token. */
    public record Renewed(String accessToken, Instant expiresAt, String refreshToken) {

        @Override
        public String toString() {
            return "Renewed[expiresAt=" + expiresAt + "]";
        }
    }

    /** The renewed tokens; empty when the provider refuses (the person must sign in again) or cannot be reached. */
    Uni<Optional<Renewed>> renew(ConsoleSessions.Renewal renewal) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "refresh_token")
                .add("refresh_token", renewal.refreshToken());
        HttpRequest<?> request = client.postAbs(renewal.tokenUri()).timeout(TIMEOUT_MILLIS);
        String clientId = config.oidc().clientId();
        if (config.oidc().clientSecret().isPresent()) {
            // RFC 6749 §2.3.1: client_secret_basic, each part form-encoded first.
            request.basicAuthentication(
                    encoded(clientId), encoded(config.oidc().clientSecret().get()));
        } else {
            form.add("client_id", clientId);
        }
        return request.sendForm(form)
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.infof(
                                "The identity provider refused to renew a console session's token (HTTP %d): the person"
                                        + " signs in again",
                                response.statusCode());
                        return Optional.<Renewed>empty();
                    }
                    return renewed(response.bodyAsJsonObject(), renewal.refreshToken());
                })
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("Could not reach the identity provider to renew a console session: %s", e.getMessage());
                    return Optional.empty();
                });
    }

    private Optional<Renewed> renewed(JsonObject body, String previousRefreshToken) {
        String access = body == null ? null : body.getString("access_token");
        if (access == null || access.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> expiresAt = OidcSignInResource.expiry(access)
                .or(() -> Optional.ofNullable(body.getLong("expires_in"))
                        .map(seconds -> clock.instant().plusSeconds(seconds)));
        if (expiresAt.isEmpty()) {
            return Optional.empty();
        }
        String next = body.getString("refresh_token");
        return Optional.of(
                new Renewed(access, expiresAt.get(), next == null || next.isBlank() ? previousRefreshToken : next));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
