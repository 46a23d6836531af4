package dev.tollgate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tollgate.audit.AuditUnavailableException;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import dev.tollgate.support.RpcStatus;
import dev.tollgate.token.OAuthEndpoints;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The only place that turns exceptions into error bodies: google.rpc.Status for resources, RFC 6749 §5.2 for
 * OAuth. Anything unexpected becomes a bare INTERNAL with the request id; its stack trace goes to the log only.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorBody.response(e.status(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        return oauthResponse(e);
    }

    static Response oauthResponse(OAuthException e) {
        Response.ResponseBuilder builder = noStore(Response.status(e.httpStatus()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", e.error(), "error_description", e.description()));
        if (e.httpStatus() == 401) {
            builder.header("WWW-Authenticate", "Basic realm=\"tollgate\"");
        }
        if (e.retryAfterSeconds() > 0) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }

    /**
     * A credential whose audit entry cannot be made durable is not issued: 503 with a short {@code Retry-After},
     * {@code temporarily_unavailable} on the OAuth endpoints (RFC 6749 §5.2), UNAVAILABLE on /v1.
     */
    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e, UriInfo uri) {
        return auditUnavailable(e, uri.getPath());
    }

    private Response auditUnavailable(AuditUnavailableException e, String path) {
        Response response = isOAuthEndpoint(path)
                ? oauth(new OAuthException("temporarily_unavailable", e.getMessage(), 503))
                : ErrorBody.response(RpcStatus.UNAVAILABLE, e.getMessage());
        return Response.fromResponse(response).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return ErrorBody.response(RpcStatus.INVALID_ARGUMENT, "Invalid JSON payload: " + describe(e));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response invalidJsonValue(InvalidFormatException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int code = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        if (isOAuthEndpoint(uri.getPath()) && code == 405) {
            return Response.fromResponse(oauth(OAuthException.invalidRequest(uri.getPath() + " accepts POST only.")))
                    .status(405)
                    .header(HttpHeaders.ALLOW, HttpMethod.POST)
                    .build();
        }
        if (code == 413) {
            return tooLarge(uri.getPath());
        }
        if (isOAuthEndpoint(uri.getPath()) && code < 500) {
            return Response.fromResponse(oauth(OAuthException.invalidRequest("Invalid request (HTTP " + code + ").")))
                    .status(code)
                    .build();
        }
        RpcStatus status = switch (code) {
            case 401 -> RpcStatus.UNAUTHENTICATED;
            case 403 -> RpcStatus.PERMISSION_DENIED;
            case 404 -> RpcStatus.NOT_FOUND;
            case 409 -> RpcStatus.ALREADY_EXISTS;
            case 429 -> RpcStatus.RESOURCE_EXHAUSTED;
            case 503 -> RpcStatus.UNAVAILABLE;
            default -> code >= 500 ? RpcStatus.INTERNAL : RpcStatus.INVALID_ARGUMENT;
        };
        String message = switch (code) {
            case 404 -> "No such resource or method.";
            case 405 -> "Method not allowed on this resource.";
            case 406 -> "This resource answers application/json only.";
            case 415 -> "Unsupported content type; send application/json.";
            default -> status == RpcStatus.INTERNAL ? "Internal error." : "Invalid request.";
        };
        Response response = ErrorBody.response(code, status, message, List.of());
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return code == 405 && allow != null
                ? Response.fromResponse(response)
                        .header(HttpHeaders.ALLOW, allow)
                        .build()
                : response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return unexpected(e, uri.getPath());
    }

    private Response unexpected(Throwable e, String path) {
        if (DatabaseOutage.is(e)) {
            DatabaseOutage.log(e);
            return unavailable(path);
        }
        LOG.error("Unexpected failure", e);
        return ErrorBody.response(RpcStatus.INTERNAL, "Internal error.");
    }

    /**
     * 413 for a body over 1 MiB, declared or streamed ({@link BodySizeLimit}): RFC 6749 §5.2 {@code invalid_request}
     * on the OAuth endpoints, google.rpc.Status elsewhere (docs/api.md, conventions).
     */
    static Response tooLarge(String path) {
        String message = "Request body too large (limit 1 MiB).";
        if (isOAuthEndpoint(path)) {
            return Response.fromResponse(oauthResponse(OAuthException.invalidRequest(message)))
                    .status(413)
                    .build();
        }
        return ErrorBody.response(413, RpcStatus.INVALID_ARGUMENT, message, List.of());
    }

    /**
     * The answer the mappers above give for {@code failure} of the token endpoint at {@code path}, for a route that
     * does not go through RESTEasy ({@link TokenRoute}); the token path throws nothing the other mappers take.
     */
    Response tokenFailure(Throwable failure, String path) {
        if (failure instanceof OAuthException e) {
            return oauth(e);
        }
        if (failure instanceof AuditUnavailableException e) {
            return auditUnavailable(e, path);
        }
        return unexpected(failure, path);
    }

    /** The database cannot be reached: 503 with {@code Retry-After}, in the endpoint's error shape. */
    static Response unavailable(String path) {
        String retryAfter = Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS);
        if (isOAuthEndpoint(path)) {
            return noStore(Response.status(503))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", retryAfter)
                    .entity(Map.of(
                            "error",
                            "temporarily_unavailable",
                            "error_description",
                            "The server cannot reach its database; retry later."))
                    .build();
        }
        return Response.fromResponse(ErrorBody.response(
                        503, RpcStatus.UNAVAILABLE, "The server cannot reach its database; retry later.", List.of()))
                .header("Retry-After", retryAfter)
                .build();
    }

    /** RFC 6749 §5.1: every answer of an OAuth endpoint, errors included, must not be cached. */
    private static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        OAuthEndpoints.NO_STORE.forEach(builder::header);
        return builder;
    }

    /** The OAuth endpoints answer RFC 6749 §5.2 bodies even for failures the platform detects. */
    static boolean isOAuthEndpoint(String path) {
        return path.startsWith("/oauth2/")
                || path.equals("/token")
                || path.equals("/v1/token")
                || path.equals("/v1/introspect");
    }

    static Response unauthenticated(Throwable failure) {
        return ErrorBody.response(RpcStatus.UNAUTHENTICATED, failure.getMessage());
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof InvalidFormatException format) {
            String expected = format.getTargetType().isEnum()
                    ? "one of " + Arrays.toString(format.getTargetType().getEnumConstants())
                    : "a valid " + format.getTargetType().getSimpleName();
            return "value '" + format.getValue() + "' of field " + path(format) + " is not " + expected;
        }
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return "field " + path(mismatch) + " has the wrong type";
        }
        return "the body is not well-formed JSON";
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
