package dev.tollgate.iam;

import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer credential into a {@link Caller}. Each kind of credential (users' OIDC tokens, service-account
 * API keys, Tollgate's own access tokens) has one implementation; the web layer asks the one that accepts it.
 */
public interface CallerAuthenticator {

    /** Whether this authenticator recognises the credential's shape (cheap, no I/O). */
    boolean accepts(String bearer);

    /** The caller, or a failure with an UNAUTHENTICATED {@link dev.tollgate.support.ApiException}. */
    Uni<Caller> authenticate(String bearer);
}
