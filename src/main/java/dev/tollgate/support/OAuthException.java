package dev.tollgate.support;

/** An OAuth 2.0 error response (RFC 6749 §5.2); {@code invalid_client} answers 401 with a challenge. */
public class OAuthException extends RuntimeException {

    private final String error;
    private final int httpStatus;

    public OAuthException(String error, String description) {
        this(error, description, "invalid_client".equals(error) ? 401 : 400);
    }

    public OAuthException(String error, String description, int httpStatus) {
        super(description, null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException("invalid_client", description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description);
    }

    public static OAuthException invalidTarget(String description) {
        return new OAuthException("invalid_target", description);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException("unauthorized_client", description);
    }

    public static OAuthException unsupportedGrantType(String description) {
        return new OAuthException("unsupported_grant_type", description);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException("invalid_scope", description);
    }
}
