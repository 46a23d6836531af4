package dev.tollgate.token;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the token and introspection paths share, whichever URL they were reached on. */
@ApplicationScoped
public class OAuthEndpoints {

    /** RFC 6749 §5.1: token responses must not be cached; every OAuth answer carries these. */
    public static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TokenEndpoint tokens;
    private final Introspection introspection;
    private final TokenRateLimits limits;

    public OAuthEndpoints(TokenEndpoint tokens, Introspection introspection, TokenRateLimits limits) {
        this.tokens = tokens;
        this.introspection = introspection;
        this.limits = limits;
    }

    Uni<Response> token(
            String contentType, String authorization, String body, boolean jsonAllowed, HttpServerRequest http) {
        return token(contentType, authorization, body, jsonAllowed, http.remoteAddress(), http.getHeader(FORWARDED_FOR))
                .map(OAuthEndpoints::noStore);
    }

    /**
     * The token endpoint's answer as JSON text (RFC 6749 §5.1), for any route that serves it; failures are
     * {@code OAuthException} values and whatever the grant could not handle, for the caller to render.
     *
     * @param peer the TCP peer, or {@code null}
     * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
     */
    public Uni<String> token(
            String contentType,
            String authorization,
            String body,
            boolean jsonAllowed,
            SocketAddress peer,
            String forwardedFor) {
        return Uni.createFrom()
                .deferred(() -> {
                    String address = sourceAddress(peer, forwardedFor);
                    limits.address(address);
                    TokenRequest request = new TokenRequest(
                            TokenParameters.parse(contentType, body, jsonAllowed), Optional.ofNullable(authorization));
                    limits.client(client(request), address);
                    return tokens.token(request);
                })
                .map(TokenResponse::json);
    }

    Uni<Response> introspect(String contentType, String body, boolean jsonAllowed, HttpServerRequest http) {
        return Uni.createFrom()
                .deferred(() -> {
                    limits.address(sourceAddress(http));
                    TokenRequest request =
                            new TokenRequest(TokenParameters.parse(contentType, body, jsonAllowed), Optional.empty());
                    request.single("token_type_hint");
                    return introspection.introspect(request.required("token"));
                })
                .map(OAuthEndpoints::noStore);
    }

    private String sourceAddress(HttpServerRequest http) {
        return sourceAddress(http.remoteAddress(), http.getHeader(FORWARDED_FOR));
    }

    private String sourceAddress(SocketAddress peer, String forwardedFor) {
        return limits.sourceAddress(peer == null ? "" : peer.hostAddress(), forwardedFor);
    }

    /**
     * Who the request claims to be, unverified, for the per-client limit: {@code client_id}, the HTTP Basic user, the
     * assertion's {@code iss}, an API-key subject token's key id, or the federated {@code audience} (the provider).
     */
    static String client(TokenRequest request) {
        Optional<String> basicUser = request.authorizationHeader().flatMap(OAuthEndpoints::basicUser);
        return first(request, "client_id")
                .or(() -> basicUser)
                .or(() -> first(request, "assertion").map(jwt -> FederatedTokens.unverifiedClaim(jwt, "iss")))
                .or(() -> first(request, "subject_token")
                        .filter(token -> token.startsWith("tg_"))
                        .map(token -> token.substring(0, Math.min(token.length(), 19))))
                .or(() -> first(request, "audience"))
                .orElse("");
    }

    private static Optional<String> first(TokenRequest request, String name) {
        return request.parameters().getOrDefault(name, List.of()).stream()
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    private static Optional<String> basicUser(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 6749 §5.1: token responses must not be cached. */
    private static Response noStore(Object entity) {
        Response.ResponseBuilder response = Response.ok(entity, MediaType.APPLICATION_JSON_TYPE);
        NO_STORE.forEach(response::header);
        return response.build();
    }
}
