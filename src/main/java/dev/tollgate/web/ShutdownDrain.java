package dev.tollgate.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.shutdown.ShutdownConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The HTTP side of a graceful shutdown (docs/operations.md "Graceful shutdown"). During {@code quarkus.shutdown.delay}
 * requests are still served, each answer with {@code Connection: close} so that kept-alive clients reconnect to
 * another replica; after the delay every new request is refused with 503, {@code Connection: close} and
 * {@code Retry-After}, in the endpoint's error shape, while requests whose headers arrived earlier complete.
 * Health endpoints keep answering so that readiness can say DOWN.
 */
@Singleton
public class ShutdownDrain {

    static final String RETRY_AFTER_SECONDS = "1";
    private static final String MESSAGE = "The server is shutting down; retry on another connection.";
    private static final String OAUTH_BODY = new JsonObject()
            .put("error", "temporarily_unavailable")
            .put("error_description", MESSAGE)
            .encode();
    private static final String RPC_BODY = new JsonObject()
            .put(
                    "error",
                    new JsonObject()
                            .put("code", 503)
                            .put("message", MESSAGE)
                            .put("status", "UNAVAILABLE")
                            .put("details", new JsonArray()))
            .encode();

    private final Clock clock;
    private final Duration delay;
    /** Null while serving normally; from this instant on, new requests are refused. */
    private volatile Instant refuseFrom;

    public ShutdownDrain(Clock clock, ShutdownConfig shutdown) {
        this.clock = clock;
        this.delay = shutdown.isDelayEnabled() ? shutdown.delay().orElse(Duration.ZERO) : Duration.ZERO;
    }

    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFrom = clock.instant().plus(delay);
    }

    /** Before the audit flush and the other shutdown observers, in case no delay event came. */
    void shuttingDown(@Observes @Priority(1) ShutdownEvent event) {
        Instant now = clock.instant();
        if (refuseFrom == null || refuseFrom.isAfter(now)) {
            refuseFrom = now;
        }
    }

    /** First of all routes, before any body is read: a request counts as in flight once its headers arrived. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        Instant refusing = refuseFrom;
        if (refusing == null || context.request().path().startsWith("/q/")) {
            context.next();
        } else if (clock.instant().isBefore(refusing)) {
            closeAfterAnswer(context);
            context.next();
        } else {
            refuse(context);
        }
    }

    private static void refuse(RoutingContext context) {
        HttpServerRequest request = context.request();
        closeAfterAnswer(context);
        boolean oauth =
                ErrorMappers.isOAuthEndpoint(request.path()) || request.path().startsWith("/o/oauth2/");
        context.response()
                .setStatusCode(503)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .end(oauth ? OAUTH_BODY : RPC_BODY);
    }

    /**
     * HTTP/1.x: {@code Connection: close}, then close. HTTP/2 forbids the header: Quarkus' own shutdown filter sends
     * GOAWAY there (with its workaround for the JDK's HTTP client), so nothing is added.
     */
    private static void closeAfterAnswer(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        request.response().headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.addEndHandler(done -> request.connection().close());
    }
}
