package dev.tollgate.support;

import java.util.List;
import java.util.Map;

/**
 * A failure of a {@code /v1} resource call, rendered as a google.rpc.Status body. The message says what was
 * presented and what was expected; it never carries a secret.
 */
public class ApiException extends RuntimeException {

    private final RpcStatus status;
    private final List<Map<String, Object>> details;

    public ApiException(RpcStatus status, String message) {
        this(status, message, List.of());
    }

    public ApiException(RpcStatus status, String message, List<Map<String, Object>> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public RpcStatus status() {
        return status;
    }

    public List<Map<String, Object>> details() {
        return details;
    }

    public static ApiException invalidArgument(String message) {
        return new ApiException(RpcStatus.INVALID_ARGUMENT, message);
    }

    public static ApiException failedPrecondition(String message) {
        return new ApiException(RpcStatus.FAILED_PRECONDITION, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(RpcStatus.NOT_FOUND, message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(RpcStatus.ALREADY_EXISTS, message);
    }

    public static ApiException permissionDenied(String message) {
        return new ApiException(RpcStatus.PERMISSION_DENIED, message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(RpcStatus.UNAUTHENTICATED, message);
    }

    public static ApiException aborted(String message) {
        return new ApiException(RpcStatus.ABORTED, message);
    }

    public static ApiException resourceExhausted(String message) {
        return new ApiException(RpcStatus.RESOURCE_EXHAUSTED, message);
    }
}
