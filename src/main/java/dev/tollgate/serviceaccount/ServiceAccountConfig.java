package dev.tollgate.serviceaccount;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Service accounts and their API keys. */
@ConfigMapping(prefix = "tollgate.service-accounts")
public interface ServiceAccountConfig {

    /** Service accounts per home unless overridden. Default {@code 100}. */
    @WithDefault("100")
    int quota();

    /** Per-home quotas, keyed by home name: {@code quota-overrides."teams/ml"=500}. Default none. */
    Map<String, Integer> quotaOverrides();

    /** API keys per service account, disabled and expired ones included; one more is 400 FAILED_PRECONDITION. Default 10. */
    @WithDefault("10")
    int maxApiKeys();

    /** How long a deleted account can be undeleted before it is purged. Default {@code 30d}. */
    @WithDefault("30d")
    Duration deletedRetention();

    /**
     * How often accounts deleted longer ago than {@code deleted-retention} are purged (with their API keys and keys).
     * Default {@code 1h}.
     */
    @WithDefault("1h")
    Duration purgeInterval();

    /**
     * Server-side secret mixed into the API-key hashes (HMAC-SHA256 key), at least 32 characters. Default none: a
     * random one is generated once into {@code <data-dir>/api-key-pepper}. Replicas must share it.
     */
    Optional<String> apiKeyPepper();

    /**
     * Peppers used before {@code api-key-pepper}, newest first, so that a pepper can be rotated without breaking API
     * keys: a key that matches only under one of them is accepted and its hash rewritten under the current pepper.
     * Default none.
     */
    Optional<List<String>> previousApiKeyPeppers();

    /** How often {@code lastUsedTime} of keys and accounts is written. Default {@code 30s}. */
    @WithDefault("30s")
    Duration usageFlushInterval();

    /**
     * Age after which a cached account or API key is reloaded (in the background; the caller waits at twice this age),
     * bounding staleness of a change made outside Tollgate (changes made through it arrive over the change feed and
     * the change log). A failed reload keeps the cached value. Default {@code 1h}.
     */
    @WithDefault("1h")
    Duration cacheRefresh();

    default int quotaOf(String home) {
        return quotaOverrides().getOrDefault(home, quota());
    }
}
