package dev.tollgate.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The token endpoint and the tokens it mints. */
@ConfigMapping(prefix = "tollgate.token")
public interface TokenConfig {

    /** Lifetime of access tokens from the token endpoint. Default 1h. */
    @WithDefault("1h")
    Duration accessTokenLifetime();

    /** Lifetime of ID tokens. Default 1h. */
    @WithDefault("1h")
    Duration idTokenLifetime();

    /** Clock skew allowed when this server verifies its own tokens' {@code exp} and {@code iat}. Default 30s. */
    @WithDefault("30s")
    Duration clockSkew();

    /** How long account and pool state behind own tokens is cached without a change notification. Default 5m. */
    @WithDefault("5m")
    Duration stateCacheTtl();
}
