package dev.tollgate.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over 1 MiB before they are read; {@link ErrorMappers} answers 413 in the endpoint's own
 * error format (OAuth or google.rpc). Bodies sent without a length are capped by the platform limit
 * ({@code quarkus.http.limits.max-body-size}).
 */
public class BodySizeLimit {

    static final long MAX_BYTES = 1024 * 1024;

    @ServerRequestFilter(preMatching = true, priority = 2)
    public void limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BYTES) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
    }
}
