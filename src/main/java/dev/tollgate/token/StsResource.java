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
 * Google STS-style {@code /v1/token} (RFC 8693; form or camelCase JSON) and {@code /v1/introspect} (RFC 7662). Most
 * token requests are answered before RESTEasy by {@code web.TokenRoute}; the ones it leaves alone come here.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class StsResource {

    private final OAuthEndpoints endpoints;

    public StsResource(OAuthEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @POST
    @Path("/token")
    public Uni<Response> token(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http,
            String body) {
        return endpoints.token(contentType, authorization, body, true, http);
    }

    @POST
    @Path("/introspect")
    public Uni<Response> introspect(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpServerRequest http, String body) {
        return endpoints.introspect(contentType, body, true, http);
    }
}
