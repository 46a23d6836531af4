package dev.tollgate.federation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Settings of workload identity federation: how foreign tokens are verified and their issuers' keys fetched. */
@ConfigMapping(prefix = "tollgate.federation")
public interface FederationConfig {

    /** Accept {@code http://} issuer and JWKS URLs (local testing only). Default {@code false}. */
    @WithDefault("false")
    boolean allowInsecureIssuers();

    /**
     * Hosts (names or IP literals, as written in issuer URLs) whose issuers may live at loopback, private or other
     * internal addresses: local identity providers and tests. Link-local and metadata addresses stay refused.
     * Default none.
     */
    Optional<Set<String>> allowedPrivateHosts();

    /** Deepest nesting of objects and arrays accepted in a foreign token's claims. Default 16. */
    @WithDefault("16")
    int maxClaimDepth();

    /** Tolerance for clocks of foreign issuers on {@code exp}, {@code iat} and {@code nbf}. Default 60 s. */
    @WithDefault("60s")
    Duration clockSkew();

    /** Longest accepted {@code exp − iat} of a foreign token. Default 48 h. */
    @WithDefault("48h")
    Duration maxTokenLifetime();

    /** Longest accepted foreign token, in bytes of its compact form. Default 16384. */
    @WithDefault("16384")
    int maxTokenSize();

    /** How long a deleted pool or provider can be undeleted before it is purged. Default 30 days. */
    @WithDefault("720h")
    Duration deletedRetention();

    Jwks jwks();

    Cel cel();

    interface Jwks {
        /** Shortest time fetched keys are kept, whatever the issuer's {@code Cache-Control} says. Default 5 min. */
        @WithDefault("5m")
        Duration minTtl();

        /** Longest time fetched keys are kept, whatever the issuer's {@code Cache-Control} says. Default 24 h. */
        @WithDefault("24h")
        Duration maxTtl();

        /** How long fetched keys are kept when the issuer sends no {@code max-age} (then clamped). Default 1 h. */
        @WithDefault("1h")
        Duration defaultTtl();

        /** At most one refetch per issuer per this interval when a token names an unknown {@code kid}. Default 30 s. */
        @WithDefault("30s")
        Duration refetchInterval();

        /** How long after their expiry the last known keys are still used while the issuer is unreachable. Default 6 h. */
        @WithDefault("6h")
        Duration staleGrace();

        /** Connect timeout of discovery and JWKS requests. Default 5 s. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time limit of one discovery or JWKS request, connect to last byte. Default 10 s. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** Largest accepted discovery or JWKS response, in bytes; larger ones are cut off and refused. Default 524288. */
        @WithDefault("524288")
        int maxResponseSize();
    }

    interface Cel {
        /** Evaluation steps one attribute mapping or condition may take per exchange. Default 10000. */
        @WithDefault("10000")
        int costLimit();

        /** Longest accepted expression, in characters. Default 4096. */
        @WithDefault("4096")
        int maxExpressionLength();

        /** Most comprehensions ({@code map}, {@code filter}, {@code exists}…) nested in one another. Default 2. */
        @WithDefault("2")
        int maxComprehensionNesting();

        /** Largest string (characters), list or map (entries) an expression may build while it runs. Default 16384. */
        @WithDefault("16384")
        int maxValueSize();

        /**
         * Wall-clock budget of one exchange's mapping and condition together, checked every 64 steps; steps and value
         * sizes bound the work, this bounds the time a busy machine lets it take. Default 500 ms.
         */
        @WithDefault("500ms")
        Duration timeout();
    }
}
