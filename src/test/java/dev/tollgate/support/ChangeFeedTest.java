package dev.tollgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChangeFeedTest {

    @Inject
    ChangeFeed feed;

    @Inject
    Pool pool;

    @Test
    void announceWhenTransactionCommitsThenDeliveredAndWhenRolledBackThenNot() throws Throwable {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Semaphore listening = new Semaphore(0);
        feed.subscribe("test_commit", received::add, listening::release);
        assertEquals(true, listening.tryAcquire(10, TimeUnit.SECONDS), "subscribed");

        assertThrows(
                IllegalStateException.class,
                () -> pool.withTransaction(tx -> feed.announce(tx, "test_commit", "rolled-back")
                                .chain(() -> Uni.createFrom().failure(new IllegalStateException("abort"))))
                        .await()
                        .indefinitely());
        pool.withTransaction(tx -> feed.announce(tx, "test_commit", "committed"))
                .await()
                .indefinitely();
        VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> feed.announce("test_commit", "in-hibernate-transaction")));

        // The change log's poll may deliver a committed change a second time (docs/architecture.md, "Change log");
        // a rolled-back one never.
        Set<String> delivered = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (delivered.size() < 2 && System.nanoTime() < deadline) {
            String key = received.poll(100, TimeUnit.MILLISECONDS);
            if (key != null) {
                delivered.add(key);
            }
        }
        String late = received.poll(200, TimeUnit.MILLISECONDS);
        if (late != null) {
            delivered.add(late);
        }
        assertEquals(Set.of("committed", "in-hibernate-transaction"), delivered);
    }

    @Test
    void subscribeWhenConnectionDropsThenResyncAfterReconnect() throws Exception {
        Semaphore resyncs = new Semaphore(0);
        feed.subscribe("test_resync", key -> {}, resyncs::release);
        assertEquals(true, resyncs.tryAcquire(10, TimeUnit.SECONDS), "subscribed");

        pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
                .execute()
                .await()
                .indefinitely();

        assertEquals(true, resyncs.tryAcquire(10, TimeUnit.SECONDS), "resync callback after reconnect");
    }

    @Test
    void subscribeWhenTopicNotAnIdentifierThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> feed.subscribe("Bad Topic", key -> {}, () -> {}));
    }
}
