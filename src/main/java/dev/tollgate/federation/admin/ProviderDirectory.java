package dev.tollgate.federation.admin;

import dev.tollgate.federation.PoolLocation;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.OAuthException;
import dev.tollgate.support.TollgateConfig;
import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Providers by audience for the STS exchange (RFC 8693 {@code audience}; docs/api.md, workload identity federation), served from memory: no
 * database round trip on the warm path. Every change of a pool or provider drops what is cached for it
 * ({@link #forget}, {@link #forgetPool}) on this replica after its transaction commits, and on the others through
 * the {@link ChangeFeed} ({@link #announce}). A disabled or deleted pool or provider is cached as a refusal, so it
 * stops exchanges at once.
 */
@ApplicationScoped
public class ProviderDirectory {

    static final String TOPIC = "federation";
    private static final int MAX_AUDIENCE_LENGTH = 1024;
    private static final Pattern AUDIENCE = Pattern.compile("(?:https:)?//iam\\.([^/]+)/projects/([0-9]{1,20})"
            + "/locations/global/workloadIdentityPools/([a-z0-9-]{4,32})/providers/([a-z0-9-]{4,32})");

    /** A cached lookup: the provider when usable, else why it is refused. */
    private record Entry(ResolvedProvider provider, String refusal) {}

    private final PoolLocator locator;
    private final PoolRepository pools;
    private final ProviderRepository providers;
    private final FederationRules rules;
    private final TollgateConfig config;
    private final ChangeFeed changes;
    /** By provider name; "not found" answers are remembered too, so unknown audiences cost no query each. */
    private final InvalidatingCache<String, Entry> cache;

    public ProviderDirectory(
            PoolLocator locator,
            PoolRepository pools,
            ProviderRepository providers,
            FederationRules rules,
            TollgateConfig config,
            ChangeFeed changes,
            Caches caches) {
        this.locator = locator;
        this.pools = pools;
        this.providers = providers;
        this.rules = rules;
        this.config = config;
        this.changes = changes;
        this.cache = caches.<String, Entry>named("federation_providers", key -> Panache.withSession(() -> load(key)))
                .build();
        changes.subscribe(TOPIC, this::forgetAnnounced, cache::refreshAll);
    }

    /**
     * The usable provider named by {@code audience} ({@code //iam.{domain}/projects/{n}/locations/global/
     * workloadIdentityPools/{pool}/providers/{provider}}, also with {@code https:}); an {@link OAuthException}
     * {@code invalid_request} when the audience is missing, {@code invalid_target} when it names no usable provider.
     */
    public Uni<ResolvedProvider> resolve(String audience) {
        return Uni.createFrom().deferred(() -> lookup(audience));
    }

    private Uni<ResolvedProvider> lookup(String audience) {
        return cache.get(key(audience)).map(entry -> usable(entry, audience));
    }

    /** Drops the cached provider named {@code projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{p}}. */
    public void forget(String providerName) {
        cache.invalidate(providerName);
    }

    /** Drops every cached provider of the pool named {@code projects/{n}/locations/global/workloadIdentityPools/{pool}}. */
    public void forgetPool(String poolName) {
        cache.invalidateIf((name, entry) -> name.startsWith(poolName + "/providers/"));
    }

    /**
     * Announces, when the current transaction commits, that the pool or provider with this public name changed, so
     * that every replica drops what it cached for it.
     */
    public Uni<Void> announce(String name) {
        return changes.announce(TOPIC, name);
    }

    public void forgetAll() {
        cache.invalidateAll();
    }

    private void forgetAnnounced(String name) {
        if (name.contains("/providers/")) {
            forget(name);
        } else {
            forgetPool(name);
        }
    }

    private String key(String audience) {
        if (audience == null || audience.isBlank()) {
            throw OAuthException.invalidRequest("audience is required: the provider's full name //iam."
                    + config.iamDomain() + "/projects/{projectNumber}/locations/global/workloadIdentityPools/{pool}"
                    + "/providers/{provider}.");
        }
        if (audience.length() > MAX_AUDIENCE_LENGTH) {
            throw OAuthException.invalidRequest("audience has more than " + MAX_AUDIENCE_LENGTH + " characters.");
        }
        Matcher matcher = AUDIENCE.matcher(audience);
        if (!matcher.matches() || !matcher.group(1).equals(config.iamDomain())) {
            throw OAuthException.invalidTarget("The audience '" + audience + "' is not the full name of a workload"
                    + " identity pool provider: expected //iam." + config.iamDomain() + "/projects/{projectNumber}"
                    + "/locations/global/workloadIdentityPools/{pool}/providers/{provider}.");
        }
        return "projects/" + matcher.group(2) + PoolLocation.COLLECTION + matcher.group(3) + "/providers/"
                + matcher.group(4);
    }

    private Uni<Entry> load(String key) {
        String[] parts = key.split("/");
        return locator.project(parts[1])
                .map(project -> locator.at(project, parts[5]))
                .onFailure(ApiException.class)
                .recoverWithNull()
                .flatMap(location -> location == null ? Uni.createFrom().nullItem() : load(location, parts[7]));
    }

    private Uni<Entry> load(PoolLocation location, String providerId) {
        return pools.findById(location.resource())
                .flatMap(pool -> pool == null
                        ? Uni.createFrom().nullItem()
                        : providers
                                .findById(location.providerResource(providerId))
                                .map(provider -> provider == null ? null : entry(location, pool, provider)));
    }

    private Entry entry(PoolLocation location, PoolEntity pool, ProviderEntity provider) {
        Optional<String> refusal = refusal(location, pool, provider);
        if (refusal.isPresent()) {
            return new Entry(null, refusal.get());
        }
        try {
            return new Entry(rules.resolved(location, provider), null);
        } catch (ApiException e) {
            // The compiler's message quotes the expression: it is for administrators (:testExchange), not callers.
            return new Entry(
                    null,
                    "The provider " + location.providerPublicName(provider.providerId)
                            + " has an attribute mapping or condition that is no longer accepted.");
        }
    }

    /** Why exchanges through this provider are refused (a deleted or disabled pool or provider), if they are. */
    static Optional<String> refusal(PoolLocation location, PoolEntity pool, ProviderEntity provider) {
        String poolText = "The workload identity pool " + location.publicName();
        String providerText = "The provider " + location.providerPublicName(provider.providerId);
        if (pool.deleteTime != null) {
            return Optional.of(poolText + " is deleted.");
        }
        if (pool.disabled) {
            return Optional.of(poolText + " is disabled.");
        }
        if (provider.deleteTime != null) {
            return Optional.of(providerText + " is deleted.");
        }
        return provider.disabled ? Optional.of(providerText + " is disabled.") : Optional.empty();
    }

    private static ResolvedProvider usable(Entry entry, String audience) {
        if (entry == null) {
            throw OAuthException.invalidTarget("The audience '" + audience + "' names no workload identity pool"
                    + " provider: the project, pool or provider does not exist.");
        }
        if (entry.provider() == null) {
            throw OAuthException.invalidTarget(entry.refusal());
        }
        return entry.provider();
    }
}
