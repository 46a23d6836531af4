package dev.tollgate.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** jwt-bearer assertions are single-use (RFC 7523 §3 item 7). */
    AssertionReplay assertionReplay();

    /** Per-client and per-address limits of the token and introspection endpoints. */
    RateLimit rateLimit();

    interface AssertionReplay {

        /** Refuse an assertion presented a second time, on any replica. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Used assertions each replica also remembers in memory, refusing local replays without a query. Default 10000. */
        @WithDefault("10000")
        int localCacheSize();

        /** How often expired rows are deleted from the shared table. Default 10m. */
        @WithDefault("10m")
        Duration purgeInterval();
    }

    interface RateLimit {

        /** Whether the token endpoints are rate-limited. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per client id (or subject-token issuer). Default 5000. */
        @WithDefault("5000")
        int perClient();

        /** Sustained requests per second per source address. Default 10000. */
        @WithDefault("10000")
        int perAddress();

        /** How many seconds of the rate a caller may spend at once (bucket size = rate × burst). Default 2. */
        @WithDefault("2")
        int burstSeconds();

        /** Clients and addresses tracked at once per replica; the least recent are forgotten beyond it. Default 100000. */
        @WithDefault("100000")
        int maxTracked();

        /**
         * Proxies whose {@code X-Forwarded-For} is believed (exact IP addresses). Default none: the source address is
         * the TCP peer's.
         */
        Optional<List<String>> trustedProxies();
    }
}
