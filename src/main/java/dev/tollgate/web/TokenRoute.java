package dev.tollgate.web;

import dev.tollgate.support.RequestInfo;
import dev.tollgate.token.OAuthEndpoints;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The token endpoint (RFC 6749 §3.2) on a plain Vert.x route in front of RESTEasy: {@code POST /oauth2/token},
 * {@code /token}, {@code /v1/token} and Google's token paths, answered without the JAX-RS request cycle (matching,
 * filter chain, reader and writer lookup), which cost more per token than the grant itself. The answers are the
 * resources' ({@code TokenResource}, {@code StsResource}): the work is {@link OAuthEndpoints}', failures are
 * rendered by {@link ErrorMappers}, the request id follows {@link RequestInfoFilter}, and the CDI request scope is
 * active as under RESTEasy. A request that is unusual on the HTTP level (no {@code Content-Length} or one over the
 * 1 MiB limit, {@code Expect}, a charset other than UTF-8, the resource-manager host on {@code /v1}) goes on to
 * RESTEasy, which answers it as before.
 */
@Singleton
public class TokenRoute {

    /**
     * One token path: whether it takes JSON bodies ({@code /v1/token}, docs/api.md) and the path RESTEasy would see
     * (Google's token paths are {@code /oauth2/token} there), whose error shape the answer takes.
     */
    private record Endpoint(String path, boolean jsonAllowed, String servedAs) {}

    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final OAuthEndpoints oauth;
    private final UniverseHostRouting hosts;
    private final RequestInfo info;
    private final ManagedContext requestScope;
    private final ErrorMappers errors = new ErrorMappers();

    public TokenRoute(OAuthEndpoints oauth, UniverseHostRouting hosts, RequestInfo info) {
        this.oauth = oauth;
        this.hosts = hosts;
        this.info = info;
        this.requestScope = Arc.container().requestContext();
        for (String path : List.of("/oauth2/token", "/token")) {
            endpoints.put(path, new Endpoint(path, false, path));
        }
        endpoints.put("/v1/token", new Endpoint("/v1/token", true, "/v1/token"));
        UniverseHostRouting.GOOGLE_TOKEN_PATHS.forEach((google, served) ->
                endpoints.put(google, new Endpoint(google, endpoints.get(served).jsonAllowed(), served)));
    }

    /** After the platform's handlers (security, body limits, ShutdownDrain), before RESTEasy's route. */
    void install(@Observes Router router) {
        endpoints.forEach((path, endpoint) -> router.post(path)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(context -> handle(context, endpoint)));
    }

    private void handle(RoutingContext context, Endpoint endpoint) {
        HttpServerRequest request = context.request();
        if (!servable(request, endpoint)) {
            context.next();
        } else if (context.body().available()) {
            answer(context, endpoint, context.body().buffer());
        } else {
            request.exceptionHandler(failure -> {
                if (!context.response().closed()) { // a client that went away needs no answer
                    context.fail(failure);
                }
            });
            request.bodyHandler(body -> answer(context, endpoint, body));
            request.resume(); // Quarkus pauses every request until a route reads it
        }
    }

    /** What RESTEasy would answer differently from {@link #answer}: left to it. */
    private boolean servable(HttpServerRequest request, Endpoint endpoint) {
        String contentType = request.getHeader(HttpHeaderNames.CONTENT_TYPE);
        return request.path().equals(endpoint.path())
                && withinLimit(request.getHeader(HttpHeaderNames.CONTENT_LENGTH))
                && request.getHeader(HttpHeaderNames.EXPECT) == null
                && (contentType == null || utf8(contentType))
                && !(endpoint.jsonAllowed() && hosts.isResourceManagerHost(request.getHeader(HttpHeaderNames.HOST)));
    }

    private static boolean withinLimit(String contentLength) {
        if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 8) {
            return false;
        }
        for (int i = 0; i < contentLength.length(); i++) {
            if (contentLength.charAt(i) < '0' || contentLength.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(contentLength) <= BodySizeLimit.MAX_BYTES;
    }

    /** No charset parameter (RESTEasy reads UTF-8 then too), or exactly UTF-8. */
    private static boolean utf8(String contentType) {
        int charset = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (charset < 0) {
            return true;
        }
        String value = contentType.substring(charset + "charset=".length());
        int end = value.indexOf(';');
        return (end < 0 ? value : value.substring(0, end)).trim().equalsIgnoreCase("utf-8");
    }

    /** In the request scope, as a resource method: the scope lives until the answer has been written. */
    private void answer(RoutingContext context, Endpoint endpoint, Buffer body) {
        HttpServerRequest request = context.request();
        requestScope.activate();
        InjectableContext.ContextState scope = requestScope.getState();
        context.addEndHandler(done -> requestScope.destroy(scope));
        try {
            String requestId = RequestInfoFilter.identify(info, request);
            context.response().putHeader(RequestInfoFilter.HEADER, requestId);
            oauth.token(
                            request.getHeader(HttpHeaderNames.CONTENT_TYPE),
                            request.getHeader(HttpHeaderNames.AUTHORIZATION),
                            body == null ? "" : body.toString(StandardCharsets.UTF_8),
                            endpoint.jsonAllowed(),
                            request.remoteAddress(),
                            request.getHeader("X-Forwarded-For"))
                    .subscribe()
                    .with(
                            token -> ok(context.response(), token),
                            failure -> write(context.response(), errors.tokenFailure(failure, endpoint.servedAs())));
        } finally {
            requestScope.deactivate();
        }
    }

    private static void ok(HttpServerResponse response, String token) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/json");
        OAuthEndpoints.NO_STORE.forEach(response::putHeader);
        response.end(token);
    }

    private static void write(HttpServerResponse response, Response answer) {
        if (!response.ended() && !response.closed()) {
            VertxAnswer.write(response, answer);
        }
    }
}
