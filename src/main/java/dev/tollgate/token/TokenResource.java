package dev.tollgate.token;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The OAuth token endpoint (RFC 6749 §3.2) at {@code /oauth2/token} and {@code /token}, and introspection (RFC 7662).
 * Most token requests are answered before RESTEasy by {@code web.TokenRoute} with the same {@link OAuthEndpoints};
 * the ones it leaves alone (docs/architecture.md "The token path") come here.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final OAuthEndpoints endpoints;

    public TokenResource(OAuthEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @POST
    @Path("oauth2/token")
    public Uni<Response> oauth2Token(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http,
            String body) {
        return endpoints.token(contentType, authorization, body, false, http);
    }

    @POST
    @Path("token")
    public Uni<Response> token(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http,
            String body) {
        return endpoints.token(contentType, authorization, body, false, http);
    }

    @POST
    @Path("oauth2/introspect")
    public Uni<Response> introspect(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpServerRequest http, String body) {
        return endpoints.introspect(contentType, body, false, http);
    }
}
