package dev.tollgate.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The admin console at {@code /console} (docs/console.md). */
@ConfigMapping(prefix = "tollgate.console")
public interface ConsoleConfig {

    /** Whether {@code /console} is served. Default true. */
    @WithDefault("true")
    boolean enabled();

    /** A session unused this long is signed out. Default {@code 30m}. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session is signed out this long after sign-in, used or not. Default {@code 8h}. */
    @WithDefault("8h")
    Duration maxAge();

    /**
     * Where the console reaches Tollgate's own {@code /v1} API. Default: plain HTTP on the loopback interface, on the
     * port the browser's request arrived at; set it when the console is served over TLS only.
     */
    Optional<URI> apiUrl();

    /** Signing in with the users' identity provider ({@code tollgate.users.*}). */
    Oidc oidc();

    /**
     * The authorization code flow with PKCE (RFC 7636) on quarkus-oidc's {@code console} tenant; application.properties
     * passes these values to it.
     */
    interface Oidc {

        /** Whether the sign-in page offers the identity provider; needs {@code tollgate.users.enabled}. Default false. */
        @WithDefault("false")
        boolean enabled();

        /** The console's client id at the identity provider. Default {@code tollgate-console}. */
        @WithDefault("tollgate-console")
        String clientId();

        /** The client secret; none for a public client (PKCE protects the code either way). */
        Optional<String> clientSecret();

        /**
         * Encrypts the state cookie that carries the PKCE verifier across the redirect; at least 32 characters, the same
         * on every replica. Default: the client secret when it is long enough.
         */
        Optional<String> stateSecret();
    }
}
