package dev.tollgate.federation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Purges pools and providers deleted longer ago than {@code tollgate.federation.deleted-retention}. */
@ApplicationScoped
public class FederationPurge {

    private final PoolRepository pools;
    private final ProviderRepository providers;
    private final ProviderDirectory directory;
    private final FederationConfig config;
    private final Clock clock;

    public FederationPurge(PoolRepository pools, ProviderRepository providers, ProviderDirectory directory,
            FederationConfig config, Clock clock) {
        this.pools = pools;
        this.providers = providers;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant cutoff = clock.instant().minus(config.deletedRetention());
        return Panache.withTransaction(() -> providers.purge(cutoff).chain(() -> pools.purge(cutoff)))
                .invoke(directory::forgetAll)
                .replaceWithVoid();
    }
}
