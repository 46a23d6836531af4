package dev.tollgate.publish;

import dev.tollgate.keys.signing.KeysConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;

/**
 * Responses for published documents: {@code Cache-Control: public, max-age=N, must-revalidate} with N the configured
 * JWKS max-age (start-up guarantees N ≤ prepublish), a strong {@code ETag}, and 304 on a matching
 * {@code If-None-Match} (RFC 9110 §13.1.2).
 */
@ApplicationScoped
public class CachedResponses {

    private final String cacheControl;

    public CachedResponses(KeysConfig config) {
        this.cacheControl = "public, max-age=" + config.jwksMaxAge().toSeconds() + ", must-revalidate";
    }

    public Response respond(PublishedDocument document, String ifNoneMatch) {
        Response.ResponseBuilder builder = matches(document.etag(), ifNoneMatch)
                ? Response.notModified()
                : Response.ok(document.body(), MediaType.APPLICATION_JSON_TYPE);
        return builder.header("Cache-Control", cacheControl)
                .header("ETag", document.etag())
                .build();
    }

    /** The {@code Cache-Control} value of every published document. */
    String cacheControl() {
        return cacheControl;
    }

    static boolean matches(String etag, String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true; // what a revalidating client sends: no list to split
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
