package dev.tollgate.web;

import dev.tollgate.support.RpcStatus;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The google.rpc.Status error body: {@code {"error":{"code","message","status","details"}}}. */
public record ErrorBody(Error error) {

    public record Error(int code, String message, String status, List<Map<String, Object>> details) {}

    public static Response response(RpcStatus status, String message, List<Map<String, Object>> details) {
        return response(status.httpStatus(), status, message, details);
    }

    /** A body for an HTTP status the platform chose (405, 413, 415…); {@code code} always equals the HTTP status. */
    public static Response response(
            int httpStatus, RpcStatus status, String message, List<Map<String, Object>> details) {
        Response.ResponseBuilder builder = Response.status(httpStatus)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(new Error(httpStatus, message, status.name(), details)));
        if (status == RpcStatus.UNAUTHENTICATED) {
            builder.header("WWW-Authenticate", "Bearer realm=\"tollgate\"");
        }
        return builder.build();
    }

    public static Response response(RpcStatus status, String message) {
        return response(status, message, List.of());
    }
}
