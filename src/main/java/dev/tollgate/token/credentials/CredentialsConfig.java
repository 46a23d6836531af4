package dev.tollgate.token.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The credentials API (docs/api.md "Credentials API"). The ID-token lifetime is the token feature's
 * {@code tollgate.token.id-token-lifetime}: ID tokens are minted in one place.
 */
@ConfigMapping(prefix = "tollgate.credentials")
public interface CredentialsConfig {

    /** Lifetime of a generateAccessToken token when the request names none. Default 1h. */
    @WithDefault("1h")
    Duration defaultLifetime();

    /** Longest generateAccessToken lifetime for any account. Default 1h. */
    @WithDefault("1h")
    Duration maxLifetime();

    /**
     * Longest lifetime for accounts listed by {@code iam.allowServiceAccountCredentialLifetimeExtension}.
     * Default 12h.
     */
    @WithDefault("12h")
    Duration extendedMaxLifetime();

    /** signJwt: how far ahead a payload's {@code exp} may be. Default 12h. */
    @WithDefault("12h")
    Duration signJwtMaxLifetime();

    /** signJwt: the {@code exp} given to a payload without one, from now. Default 1h. */
    @WithDefault("1h")
    Duration signJwtDefaultLifetime();

    /** Most accounts a {@code delegates} chain may name. Default 10. */
    @WithDefault("10")
    int maxDelegates();
}
