package dev.tollgate.iam;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import java.util.Optional;

/**
 * A presented bearer token refused with an RFC 6750 §3.1 error code, answered with a {@code WWW-Authenticate:
 * Bearer error="…"} challenge: {@code invalid_token} (401) or {@code insufficient_scope} (403, naming the scope).
 */
public class BearerRefusal extends ApiException {

    private final String error;
    private final Optional<String> scope;

    private BearerRefusal(RpcStatus status, String message, String error, Optional<String> scope) {
        super(status, message);
        this.error = error;
        this.scope = scope;
    }

    public static BearerRefusal invalidToken(String message) {
        return new BearerRefusal(RpcStatus.UNAUTHENTICATED, message, "invalid_token", Optional.empty());
    }

    public static BearerRefusal insufficientScope(String message, String scope) {
        return new BearerRefusal(RpcStatus.PERMISSION_DENIED, message, "insufficient_scope", Optional.of(scope));
    }

    /** The RFC 6750 §3 challenge: realm, error and, for {@code insufficient_scope}, the scope needed. */
    public String challenge() {
        return "Bearer realm=\"tollgate\", error=\"" + error + "\""
                + scope.map(s -> ", scope=\"" + s + "\"").orElse("");
    }
}
