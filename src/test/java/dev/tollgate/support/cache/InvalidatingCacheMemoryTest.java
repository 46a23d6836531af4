package dev.tollgate.support.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What 100,000 cached credentials cost: heap in use (after GC) before and after filling a cache with entries shaped
 * like {@code serviceaccount.CredentialCache}'s API keys; the figure is quoted in docs/architecture.md.
 */
@QuarkusTest // Mutiny's Context Propagation is Quarkus' once a @QuarkusTest ran in this JVM
class InvalidatingCacheMemoryTest {

    private static final int ENTRIES = 100_000;

    /** The shape of a cached API key: key id, account uniqueId, HMAC-SHA256, disabled, expiry. */
    private record KeyLike(String keyId, String accountUniqueId, byte[] secretHash, boolean disabled, Instant expire) {}

    @Test
    void fillWhenHundredThousandKeysThenUnderOneKilobyteEach() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            InvalidatingCache<String, KeyLike> cache = new InvalidatingCache<>(
                    "memory",
                    keyId -> Uni.createFrom()
                            .item(new KeyLike(
                                    keyId, "1" + keyId.substring(1) + "12345", new byte[32], false, Instant.now())),
                    Clock.systemUTC(),
                    vertx,
                    new SimpleMeterRegistry(),
                    new InvalidatingCache.Limits(250_000, Duration.ofMinutes(1), Duration.ofSeconds(30), 20_000));
            long before = usedAfterGc();
            for (int i = 0; i < ENTRIES; i++) {
                cache.get(String.format("%016x", (long) i * 0x9E3779B97F4A7C15L))
                        .await()
                        .indefinitely();
            }
            long after = usedAfterGc();
            assertEquals(ENTRIES, cache.size());
            long perEntry = (after - before) / ENTRIES;
            System.out.printf("InvalidatingCache: %d entries, %d bytes per entry (heap after GC)%n", ENTRIES, perEntry);
            assertTrue(perEntry < 1024, perEntry + " bytes per entry");
        } finally {
            vertx.close();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
