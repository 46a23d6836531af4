package dev.tollgate.publish;

import dev.tollgate.publish.KeyDocuments.Format;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The server's public keys and discovery document (docs/api.md "Public keys and discovery"), served from memory with
 * cache headers. {@link DocumentRoute} answers plain GETs before RESTEasy; this resource answers the rest (HEAD, a
 * request with a body, the first request before the server key set is loaded) the same way.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private final ServerDocuments documents;
    private final CachedResponses responses;

    public PublishResource(ServerDocuments documents, CachedResponses responses) {
        this.documents = documents;
        this.responses = responses;
    }

    /** JWKS of the server's token-signing keys: PENDING, ACTIVE and RETIRED (RFC 7517 §5). */
    @GET
    @Path("oauth2/v3/certs")
    public Uni<Response> jwks(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return documents.keys(Format.JWK).map(document -> responses.respond(document, ifNoneMatch));
    }

    /** The same keys as a {@code kid → PEM certificate} map. */
    @GET
    @Path("oauth2/v1/certs")
    public Uni<Response> certificates(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return documents.keys(Format.X509).map(document -> responses.respond(document, ifNoneMatch));
    }

    /** OpenID Connect discovery / RFC 8414 metadata. */
    @GET
    @Path(".well-known/openid-configuration")
    public Response discovery(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return responses.respond(documents.discovery(), ifNoneMatch);
    }
}
