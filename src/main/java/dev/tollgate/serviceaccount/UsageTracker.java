package dev.tollgate.serviceaccount;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code lastUsedTime} of API keys and service accounts, kept in memory and written in one transaction every
 * {@code tollgate.service-accounts.usage-flush-interval} and on shutdown, so a request never waits for a write.
 */
@ApplicationScoped
public class UsageTracker {

    private static final Logger LOG = Logger.getLogger(UsageTracker.class);

    private final ServiceAccountRepository accounts;
    private final ApiKeyRepository keys;
    private final Map<String, Instant> keyUse = new ConcurrentHashMap<>();
    private final Map<String, Instant> accountUse = new ConcurrentHashMap<>();

    public UsageTracker(ServiceAccountRepository accounts, ApiKeyRepository keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** Notes that {@code keyId} (may be {@code null}) of account {@code uniqueId} was used at {@code when}. */
    public void used(String uniqueId, String keyId, Instant when) {
        accountUse.merge(uniqueId, when, UsageTracker::later);
        if (keyId != null) {
            keyUse.merge(keyId, when, UsageTracker::later);
        }
    }

    /** The use not yet written, if any: what a listing adds to the stored {@code lastUsedTime}. */
    Instant pendingKey(String keyId) {
        return keyUse.get(keyId);
    }

    Instant pendingAccount(String uniqueId) {
        return accountUse.get(uniqueId);
    }

    static Instant latest(Instant stored, Instant pending) {
        return stored == null ? pending : pending == null ? stored : later(stored, pending);
    }

    @Scheduled(
            every = "${tollgate.service-accounts.usage-flush-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Map<String, Instant> keyBatch = drain(keyUse);
        Map<String, Instant> accountBatch = drain(accountUse);
        if (keyBatch.isEmpty() && accountBatch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Multi.createFrom()
                        .iterable(keyBatch.entrySet())
                        .onItem()
                        .transformToUniAndConcatenate(e -> keys.touch(e.getKey(), e.getValue()))
                        .collect()
                        .last()
                        .chain(() -> Multi.createFrom()
                                .iterable(accountBatch.entrySet())
                                .onItem()
                                .transformToUniAndConcatenate(e -> accounts.touch(e.getKey(), e.getValue()))
                                .collect()
                                .last()))
                .onFailure()
                .invoke(e -> {
                    LOG.warnf(e, "Could not write lastUsedTime of %d keys; kept for the next flush", keyBatch.size());
                    keyBatch.forEach((k, v) -> keyUse.merge(k, v, UsageTracker::later));
                    accountBatch.forEach((k, v) -> accountUse.merge(k, v, UsageTracker::later));
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    void flushOnShutdown(@Observes ShutdownEvent event) throws Throwable {
        if (!keyUse.isEmpty() || !accountUse.isEmpty()) {
            // Shutdown runs outside any event loop, so waiting here blocks nothing that serves requests; Hibernate
            // Reactive needs a Vert.x context, which the shutdown thread does not have.
            VertxContextSupport.subscribeAndAwait(this::flush);
        }
    }

    private static Map<String, Instant> drain(Map<String, Instant> uses) {
        Map<String, Instant> batch = new HashMap<>();
        for (String id : uses.keySet()) {
            Instant when = uses.remove(id);
            if (when != null) {
                batch.put(id, when);
            }
        }
        return batch;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
