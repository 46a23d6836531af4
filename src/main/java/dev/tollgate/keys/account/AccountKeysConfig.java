package dev.tollgate.keys.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** User-managed keys of service accounts and the jwt-bearer assertions they sign. */
@ConfigMapping(prefix = "tollgate.account-keys")
public interface AccountKeysConfig {

    /** User-managed keys a service account may hold (docs/api.md "Keys"). Default 10. */
    @WithDefault("10")
    int maxUserManagedKeys();

    /** Longest accepted jwt-bearer assertion, in characters; longer ones are refused unparsed. Default 16384. */
    @WithDefault("16384")
    int maxAssertionSize();

    /** Longest accepted {@code exp - iat} of a jwt-bearer assertion (docs/api.md "Token endpoint"). Default 1h. */
    @WithDefault("1h")
    Duration maxAssertionLifetime();

    /** Clock skew allowed on an assertion's {@code iat} and {@code exp}. Default 60s. */
    @WithDefault("60s")
    Duration assertionClockSkew();
}
