package dev.tollgate.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): after the console's session of a user ends, the
 * browser goes to the identity provider's end-session endpoint, which signs them out there too and sends them back to
 * the sign-in page. The endpoint comes from the provider's metadata, learnt at the first sign-in on this replica.
 */
@ApplicationScoped
public class IdentityProviderLogout {

    private final ConsoleConfig config;
    private volatile String endSession;

    public IdentityProviderLogout(ConsoleConfig config) {
        this.config = config;
    }

    void remember(String endSessionUri) {
        if (endSessionUri != null && !endSessionUri.isBlank()) {
            endSession = endSessionUri;
        }
    }

    /** Where to send a signed-out user of the identity provider, who then returns to {@code signInPage}. */
    Optional<URI> redirect(String principal, String signInPage) {
        String endpoint = endSession;
        if (endpoint == null || !principal.startsWith("user:") || !config.oidc().enabled()) {
            return Optional.empty();
        }
        return Optional.of(URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + "client_id="
                + ConsoleApi.q(config.oidc().clientId()) + "&post_logout_redirect_uri=" + ConsoleApi.q(signInPage)));
    }
}
