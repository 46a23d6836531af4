package dev.tollgate.token;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** What the token and introspection paths share, whichever URL they were reached on. */
@ApplicationScoped
public class OAuthEndpoints {

    private final TokenEndpoint tokens;
    private final Introspection introspection;

    public OAuthEndpoints(TokenEndpoint tokens, Introspection introspection) {
        this.tokens = tokens;
        this.introspection = introspection;
    }

    Uni<Response> token(String contentType, String authorization, String body, boolean jsonAllowed) {
        return Uni.createFrom().deferred(() -> tokens.token(new TokenRequest(
                        TokenParameters.parse(contentType, body, jsonAllowed), Optional.ofNullable(authorization))))
                .map(OAuthEndpoints::noStore);
    }

    Uni<Response> introspect(String contentType, String body, boolean jsonAllowed) {
        return Uni.createFrom().deferred(() -> {
            TokenRequest request = new TokenRequest(TokenParameters.parse(contentType, body, jsonAllowed),
                    Optional.empty());
            request.single("token_type_hint");
            return introspection.introspect(request.required("token"));
        }).map(OAuthEndpoints::noStore);
    }

    /** RFC 6749 §5.1: token responses must not be cached. */
    private static Response noStore(Object entity) {
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
