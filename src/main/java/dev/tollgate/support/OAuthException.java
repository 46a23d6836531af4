package dev.tollgate.support;

/** An OAuth 2.0 error response (RFC 6749 §5.2); {@code invalid_client} answers 401 with a challenge. */
public class OAuthException extends RuntimeException {

    public static final String RATE_LIMITED = "rate_limited";

    private final String error;
    private final int httpStatus;
    private final long retryAfterSeconds;

    public OAuthException(String error, String description) {
        this(error, description, "invalid_client".equals(error) ? 401 : 400);
    }

    public OAuthException(String error, String description, int httpStatus) {
        this(error, description, httpStatus, 0);
    }

    /** The same answer as {@code other}, for subclasses that add what only the server needs to know. */
    protected OAuthException(OAuthException other) {
        this(other.error, other.description(), other.httpStatus, other.retryAfterSeconds);
    }

    private OAuthException(String error, String description, int httpStatus, long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
        this.retryAfterSeconds = retryAfterSeconds;
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

    /** Seconds for {@code Retry-After} (RFC 9110 §10.2.3); 0 when the answer has none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
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

    /** 429 {@code rate_limited} (RFC 6749 §5.2 leaves room for codes of its own): too many requests, retry later. */
    public static OAuthException rateLimited(String description, long retryAfterSeconds) {
        return new OAuthException(RATE_LIMITED, description, 429, Math.max(1, retryAfterSeconds));
    }
}
