package dev.tollgate.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over 1 MiB with 413 in the endpoint's own error format (OAuth or google.rpc, built by
 * {@link ErrorMappers#tooLarge}). A declared {@code Content-Length} over the limit is refused before the body is
 * read. A body sent without a length (chunked) is read here, on the event loop, up to 1 MiB and handed on whole
 * (resources and routes read it from {@link RoutingContext#body()}); the first byte past the limit answers 413 with
 * {@code Connection: close} and stops reading. The platform's own limit ({@code quarkus.http.limits.max-body-size})
 * stays larger so that declared lengths reach the filter below and get a proper error body.
 */
@Singleton
public class BodySizeLimit {

    static final long MAX_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(BodySizeLimit.class);
    /** Compiled once: {@code String.matches} compiles its pattern on every call, i.e. on every request. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}");

    private static final List<HttpMethod> WITH_BODY = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    /** Right after the platform's upload-limit route, which sets its own limit for bodies without a length. */
    void limitUndeclared(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(BodySizeLimit::readUndeclared);
    }

    static void readUndeclared(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) != null
                || !WITH_BODY.contains(request.method())
                || request.isEnded()) {
            context.next();
            return;
        }
        // Backstop should anything read the raw stream after all.
        context.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, MAX_BYTES);
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BYTES) {
                refused[0] = true;
                request.pause();
                refuse(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        // A client that goes away mid-body leaves nobody to answer: nothing to log beyond a debug line.
        request.exceptionHandler(failure -> LOG.debugf("Request body not received: %s", failure.toString()));
        request.endHandler(end -> {
            if (!refused[0]) {
                context.setBody(body);
                context.next();
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        request.resume();
    }

    /** 413 in the endpoint's format; the rest of the body is not read: the connection closes after the answer. */
    private static void refuse(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            context.request().connection().close();
            return;
        }
        response.putHeader("Connection", "close");
        VertxAnswer.write(response, ErrorMappers.tooLarge(context.normalizedPath()))
                .onComplete(done -> context.request().connection().close());
    }

    @ServerRequestFilter(preMatching = true, priority = 2)
    public void limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && DECIMAL.matcher(length).matches() && Long.parseLong(length) > MAX_BYTES) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
    }
}
