package dev.tollgate.serviceaccount;

import dev.tollgate.iam.AllowPolicyStore;
import dev.tollgate.support.InOrder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The one way a deleted service account goes for good (docs/api.md "Service accounts"): when its undelete window
 * ({@code tollgate.service-accounts.deleted-retention}) has passed, when its accountId is reused after that window,
 * and when its home is deleted. The row, its API keys and its allow policy are deleted and its uniqueId retired in the
 * caller's transaction; once that committed, its system- and user-managed keys go
 * ({@link ServiceAccountLifecycle.Purged}).
 */
@ApplicationScoped
public class AccountPurge {

    private static final Logger LOG = Logger.getLogger(AccountPurge.class);
    private static final int BATCH = 100;

    private final ServiceAccountRepository accounts;
    private final CredentialCache cache;
    private final AllowPolicyStore policies;
    private final ServiceAccountConfig config;
    private final Clock clock;
    private final Event<Object> lifecycle;

    public AccountPurge(
            ServiceAccountRepository accounts,
            CredentialCache cache,
            AllowPolicyStore policies,
            ServiceAccountConfig config,
            Clock clock,
            Event<Object> lifecycle) {
        this.accounts = accounts;
        this.cache = cache;
        this.policies = policies;
        this.config = config;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    /**
     * Purges {@code account} in the caller's transaction and announces it to every replica; returns what this replica
     * does once the transaction committed.
     */
    Uni<Runnable> purge(ServiceAccountEntity account) {
        String uniqueId = account.uniqueId;
        return policies.delete(ServiceAccountView.of(account).resource())
                .chain(() -> accounts.purge(account, clock.instant()))
                .call(accounts::flush)
                .call(() -> cache.announce(uniqueId))
                .replaceWith((Runnable) () -> {
                    cache.forget(uniqueId);
                    lifecycle.fire(new ServiceAccountLifecycle.Purged(uniqueId));
                });
    }

    /** Purges every account kept in {@code home} (all deleted ones: a home with live accounts is not deleted). */
    Uni<Runnable> purgeHome(String home) {
        return accounts.list("home", home).flatMap(this::purgeAll);
    }

    /**
     * Purges accounts deleted longer ago than the undelete window, a batch per transaction. The transaction-scoped
     * advisory lock lets one replica at a time do it; the others skip the tick.
     */
    @Scheduled(
            every = "${tollgate.service-accounts.purge-interval}",
            delayed = "${tollgate.service-accounts.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purgeExpired() {
        Instant cutoff = clock.instant().minus(config.deletedRetention());
        List<Integer> purged = new ArrayList<>(1);
        return Panache.withTransaction(() -> accounts.tryPurgeLock()
                        .flatMap(locked -> !locked
                                ? Uni.createFrom().item((Runnable) () -> {})
                                : accounts.deletedBefore(cutoff, BATCH)
                                        .invoke(rows -> purged.add(rows.size()))
                                        .flatMap(this::purgeAll)))
                .invoke(Runnable::run)
                .chain(() -> purged.isEmpty() || purged.get(0) < BATCH ? done(purged) : purgeExpired());
    }

    private Uni<Void> done(List<Integer> purged) {
        if (!purged.isEmpty() && purged.get(0) > 0) {
            LOG.infof("Purged %d service accounts deleted more than %s ago", purged.get(0), config.deletedRetention());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Runnable> purgeAll(List<ServiceAccountEntity> rows) {
        List<Runnable> afterCommit = new ArrayList<>();
        return InOrder.each(rows, row -> purge(row).invoke(afterCommit::add))
                .replaceWith((Runnable) () -> afterCommit.forEach(Runnable::run));
    }
}
