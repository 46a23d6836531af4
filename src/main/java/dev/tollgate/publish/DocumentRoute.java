package dev.tollgate.publish;

import dev.tollgate.publish.KeyDocuments.Format;
import dev.tollgate.support.RequestInfo;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * {@code GET /oauth2/v3/certs}, {@code /oauth2/v1/certs} and {@code /.well-known/openid-configuration} on a plain
 * Vert.x route in front of RESTEasy: the documents are the same bytes for every request between key changes, so the
 * answer is the rendered buffer ({@link ServerDocuments}) with its headers, or 304 on a matching
 * {@code If-None-Match}, without the JAX-RS request cycle or a request scope. The answers are {@link PublishResource}'s
 * ({@code Cache-Control} and {@code ETag} from {@link CachedResponses}, {@code X-Request-Id} as the web layer gives
 * it); a HEAD or other method, a request with a body, or a key set not loaded yet goes on to RESTEasy, which answers
 * it as before.
 */
@Singleton
public class DocumentRoute {

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private final ServerDocuments documents;
    private final CharSequence cacheControl;

    public DocumentRoute(ServerDocuments documents, CachedResponses responses) {
        this.documents = documents;
        this.cacheControl = HttpHeaders.createOptimized(responses.cacheControl());
    }

    /** After the platform's handlers (metrics, ShutdownDrain), before RESTEasy's route. */
    void install(@Observes Router router) {
        serve(router, "/oauth2/v3/certs", () -> documents.loadedKeys(Format.JWK));
        serve(router, "/oauth2/v1/certs", () -> documents.loadedKeys(Format.X509));
        serve(router, "/.well-known/openid-configuration", documents::discovery);
    }

    private void serve(Router router, String path, Supplier<PublishedDocument> document) {
        router.get(path)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(context -> answer(context, path, document.get()));
    }

    private void answer(RoutingContext context, String path, PublishedDocument document) {
        HttpServerRequest request = context.request();
        if (document == null || !request.path().equals(path) || hasBody(request)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaderNames.ETAG, document.etag())
                .putHeader(RequestInfo.HEADER, RequestInfo.idFor(request.getHeader(RequestInfo.HEADER)));
        if (CachedResponses.matches(document.etag(), request.getHeader(HttpHeaderNames.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
        } else {
            response.putHeader(HttpHeaderNames.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(Unpooled.wrappedBuffer(document.body())));
        }
    }

    /** A GET with a body is left to RESTEasy, whose filters judge its size. */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || request.getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null;
    }
}
