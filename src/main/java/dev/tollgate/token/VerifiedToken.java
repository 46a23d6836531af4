package dev.tollgate.token;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The claims of a verified access token of this server. */
public record VerifiedToken(Map<String, Object> claims) {

    public VerifiedToken {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    /** A federated identity's token: {@code sub} is a {@code principal://}. */
    public boolean federated() {
        return subject().startsWith("principal://");
    }

    public String clientId() {
        return claims.get("client_id") instanceof String id ? id : "";
    }
}
