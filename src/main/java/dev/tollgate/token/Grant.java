package dev.tollgate.token;

import io.smallrye.mutiny.Uni;

/**
 * One grant type of the token endpoint (RFC 6749 §4, RFC 7523, RFC 8693). Each implementation reads top-down:
 * authenticate the client → parse its parameters → policy checks → build a {@link TokenContext} → mint → audit.
 * Implementations are {@code @ApplicationScoped} beans; the endpoint finds them by {@link #grantType()}.
 */
public interface Grant {

    /** The RFC's exact {@code grant_type} string, e.g. {@code client_credentials}. */
    String grantType();

    /** The token response, or a failure with an {@link dev.tollgate.support.OAuthException}. */
    Uni<TokenResponse> handle(TokenRequest request);
}
