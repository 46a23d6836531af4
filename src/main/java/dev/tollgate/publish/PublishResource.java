package dev.tollgate.publish;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.keys.signing.KeysConfig;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;

/** The server's public keys and discovery document (docs/api.md "Public keys and discovery"), served from memory with cache headers. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private final KeyRing ring;
    private final CachedResponses responses;
    private final PublishedDocument discovery;

    public PublishResource(KeyRing ring, CachedResponses responses, TollgateConfig tollgate, KeysConfig keys) {
        this.ring = ring;
        this.responses = responses;
        this.discovery = DiscoveryDocument.render(tollgate.baseUrl(), keys.algorithm());
    }

    /** JWKS of the server's token-signing keys: PENDING, ACTIVE and RETIRED (RFC 7517 §5). */
    @GET
    @Path("oauth2/v3/certs")
    public Uni<Response> jwks(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return serverKeys(JwksRenderer::render, ifNoneMatch);
    }

    /** The same keys as a {@code kid → PEM certificate} map. */
    @GET
    @Path("oauth2/v1/certs")
    public Uni<Response> certificates(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return serverKeys(X509Renderer::render, ifNoneMatch);
    }

    /** OpenID Connect discovery / RFC 8414 metadata. */
    @GET
    @Path(".well-known/openid-configuration")
    public Response discovery(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return responses.respond(discovery, ifNoneMatch);
    }

    private Uni<Response> serverKeys(Function<List<PublishedKey>, PublishedDocument> renderer, String ifNoneMatch) {
        return ring.ensureLoaded(KeySets.SERVER)
                .map(ignored -> responses.respond(renderer.apply(ring.published(KeySets.SERVER)), ifNoneMatch));
    }
}
