package dev.tollgate.support.jose;

/**
 * The first step of the pipeline refused its input: not a compact JWS (RFC 7515 §7.1) with a JSON claims set within
 * the limits. Carries what was wrong and the sizes involved, never the input; each caller phrases it in its own error
 * shape.
 */
public final class JwsFormatException extends RuntimeException {

    /** What the format step found. */
    public enum Reason {
        /** No input, or only white space. */
        EMPTY,
        /** More characters than the caller accepts. */
        TOO_LARGE,
        /** A JWE (five parts): a signed JWT is expected. */
        ENCRYPTED,
        /** Claims whose objects and arrays nest deeper than the caller accepts. */
        TOO_DEEP,
        /** Anything else: not three base64url parts, or a header or claims set that is not a JSON object. */
        MALFORMED
    }

    private final Reason reason;
    private final int size;
    private final int limit;

    JwsFormatException(Reason reason, int size, int limit) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.size = size;
        this.limit = limit;
    }

    public Reason reason() {
        return reason;
    }

    /** The input's length in characters ({@link Reason#TOO_LARGE}). */
    public int size() {
        return size;
    }

    /** The limit that was exceeded: characters for {@link Reason#TOO_LARGE}, levels for {@link Reason#TOO_DEEP}. */
    public int limit() {
        return limit;
    }
}
