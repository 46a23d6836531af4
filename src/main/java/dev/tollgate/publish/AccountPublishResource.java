package dev.tollgate.publish;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.account.AccountKeys;
import dev.tollgate.publish.KeyDocuments.Format;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every published key of one service account (docs/api.md "Public keys and discovery"): its enabled, in-date user-managed keys and its
 * system-managed keys (PENDING, ACTIVE, RETIRED), as Google serves them, from memory with cache headers.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AccountPublishResource {

    private final AccountKeys keys;
    private final KeyDocuments documents;
    private final CachedResponses responses;

    public AccountPublishResource(AccountKeys keys, KeyDocuments documents, CachedResponses responses) {
        this.keys = keys;
        this.documents = documents;
        this.responses = responses;
    }

    /** {@code kid → PEM certificate}. */
    @GET
    @Path("service_accounts/v1/metadata/x509/{email}")
    public Uni<Response> x509(@PathParam("email") String email, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String tag) {
        return respond(email, Format.X509, tag);
    }

    @GET
    @Path("robot/v1/metadata/x509/{email}")
    public Uni<Response> robotX509(
            @PathParam("email") String email, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String tag) {
        return respond(email, Format.X509, tag);
    }

    /** A JWKS (RFC 7517 §5). */
    @GET
    @Path("service_accounts/v1/metadata/jwk/{email}")
    public Uni<Response> jwk(@PathParam("email") String email, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String tag) {
        return respond(email, Format.JWK, tag);
    }

    @GET
    @Path("service_accounts/v1/jwk/{email}")
    public Uni<Response> jwkAlias(
            @PathParam("email") String email, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String tag) {
        return respond(email, Format.JWK, tag);
    }

    /** {@code {"keyvalues":[…]}} with modulus and exponent in standard base64. */
    @GET
    @Path("service_accounts/v1/metadata/raw/{email}")
    public Uni<Response> raw(@PathParam("email") String email, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String tag) {
        return respond(email, Format.RAW, tag);
    }

    private Uni<Response> respond(String email, Format format, String ifNoneMatch) {
        return keys.published(email)
                .map(set -> responses.respond(
                        documents.document(KeySets.serviceAccount(set.uniqueId()), set.keys(), format), ifNoneMatch));
    }
}
