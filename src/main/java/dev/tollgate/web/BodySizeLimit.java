package dev.tollgate.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over 1 MiB before they are read; {@link ErrorMappers} answers 413 in the endpoint's own
 * error format (OAuth or google.rpc). Bodies sent without a length (chunked) get the same 1 MiB as the reading limit
 * instead of the platform's larger {@code quarkus.http.limits.max-body-size}, which stays for declared lengths so
 * that they reach this filter and get a proper error body.
 */
@Singleton
public class BodySizeLimit {

    /** Right after the platform's upload-limit route, which sets its own limit for bodies without a length. */
    void limitUndeclared(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> {
            if (context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                context.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, MAX_BYTES);
            }
            context.next();
        });
    }

    static final long MAX_BYTES = 1024 * 1024;
    /** Compiled once: {@code String.matches} compiles its pattern on every call, i.e. on every request. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}");

    @ServerRequestFilter(preMatching = true, priority = 2)
    public void limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && DECIMAL.matcher(length).matches() && Long.parseLong(length) > MAX_BYTES) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
    }
}
