package dev.tollgate.support;

/** The google.rpc.Code values Tollgate answers with, and their HTTP status. */
public enum RpcStatus {
    INVALID_ARGUMENT(400),
    FAILED_PRECONDITION(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    ABORTED(409),
    RESOURCE_EXHAUSTED(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int httpStatus;

    RpcStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
