package dev.tollgate.federation.admin;

import dev.tollgate.federation.FederationConfig;
import dev.tollgate.iam.AllowPolicyStore;
import dev.tollgate.support.InOrder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Purges pools and providers deleted longer ago than {@code tollgate.federation.deleted-retention}, with the allow
 * policies of the purged pools: a pool made later under the same id starts with none.
 */
@ApplicationScoped
public class FederationPurge {

    private final PoolRepository pools;
    private final ProviderRepository providers;
    private final ProviderDirectory directory;
    private final AllowPolicyStore policies;
    private final FederationConfig config;
    private final Clock clock;

    public FederationPurge(
            PoolRepository pools,
            ProviderRepository providers,
            ProviderDirectory directory,
            AllowPolicyStore policies,
            FederationConfig config,
            Clock clock) {
        this.policies = policies;
        this.pools = pools;
        this.providers = providers;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant cutoff = clock.instant().minus(config.deletedRetention());
        return Panache.withTransaction(() -> pools.list("deleteTime < ?1", cutoff)
                        .call(this::deletePolicies)
                        .chain(() -> providers.purge(cutoff))
                        .chain(() -> pools.purge(cutoff)))
                .invoke(directory::forgetAll)
                .replaceWithVoid();
    }

    private Uni<Void> deletePolicies(List<PoolEntity> purged) {
        return InOrder.each(purged, pool -> policies.delete(pool.resource));
    }
}
