package dev.tollgate.serviceaccount;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rewrites, under the current pepper, the hash of an API key that matched only under a previous pepper (pepper
 * rotation, docs/operations.md). Written with the usage flush, never on the request path; until then, and if a write
 * fails, the key keeps matching under its previous pepper.
 */
@ApplicationScoped
public class ApiKeyRehasher {

    private static final Logger LOG = Logger.getLogger(ApiKeyRehasher.class);

    private record Rehash(byte[] oldHash, byte[] newHash) {}

    private final ApiKeyRepository keys;
    private final Map<String, Rehash> pending = new ConcurrentHashMap<>();
    private final Counter rehashed;

    public ApiKeyRehasher(ApiKeyRepository keys, MeterRegistry registry) {
        this.keys = keys;
        this.rehashed = Counter.builder("tollgate.api_keys.rehashed")
                .description("API-key hashes rewritten from a previous pepper to the current one")
                .register(registry);
    }

    void matchedPreviousPepper(String keyId, byte[] oldHash, byte[] newHash) {
        pending.putIfAbsent(keyId, new Rehash(oldHash, newHash));
    }

    @Scheduled(
            every = "${tollgate.service-accounts.usage-flush-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Map<String, Rehash> batch = Map.copyOf(pending);
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Multi.createFrom()
                        .iterable(batch.entrySet())
                        .onItem()
                        .transformToUniAndConcatenate(e -> keys.rehash(
                                e.getKey(), e.getValue().oldHash(), e.getValue().newHash()))
                        .collect()
                        .with(Collectors.summingInt(Integer::intValue)))
                .invoke(count -> {
                    batch.keySet().forEach(pending::remove);
                    rehashed.increment(count);
                    LOG.infof("Rewrote %d API-key hashes under the current pepper", count);
                })
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "Could not rewrite %d API-key hashes (%s); tried again later", batch.size(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
