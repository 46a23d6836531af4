package dev.tollgate.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Writes a JAX-RS answer of {@link ErrorMappers} on a plain Vert.x route, as RESTEasy would have written it. */
final class VertxAnswer {

    private VertxAnswer() {}

    /** Status, headers, media type (JSON unless the answer names one) and the entity, as JSON unless it is text. */
    static Future<Void> write(HttpServerResponse response, Response answer) {
        response.setStatusCode(answer.getStatus());
        answer.getStringHeaders()
                .forEach((name, values) -> response.putHeader(name, (Iterable<String>) List.copyOf(values)));
        MediaType type = answer.getMediaType();
        response.putHeader(HttpHeaderNames.CONTENT_TYPE, type == null ? MediaType.APPLICATION_JSON : type.toString());
        Object entity = answer.getEntity();
        return response.end(entity == null ? "" : entity instanceof String text ? text : Json.encode(entity));
    }
}
