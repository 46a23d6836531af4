package dev.tollgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.TcpProxy;
import dev.tollgate.testing.TestDatabase;
import dev.tollgate.testing.TestRows;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change log delivers what notifications lose. A second replica is built as {@code MultiReplicaRotationTest}
 * builds them: its own change feed (here listening through a {@link TcpProxy} the test cuts) and its own change log.
 */
@QuarkusTest
class ChangeLogTest {

    private static final Duration RETENTION = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    ChangeFeed feed;

    @Inject
    Pool pool;

    private final CapturedLog log = new CapturedLog(Level.INFO);
    private TcpProxy proxy;
    private ChangeFeed replicaFeed;
    private Pool unreachable;

    @AfterEach
    void close() {
        log.stop();
        if (replicaFeed != null) {
            replicaFeed.close().await().indefinitely();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (unreachable != null) {
            unreachable.close().await().indefinitely();
        }
    }

    @Test
    void pollWhenNotificationLostThenCommittedChangeDeliveredOnceAndRolledBackNot() throws Exception {
        PgConnectOptions direct = TestDatabase.connectOptions();
        proxy = new TcpProxy(direct.getHost(), direct.getPort());
        replicaFeed = new ChangeFeed(
                vertx, new PgConnectOptions(direct).setHost("127.0.0.1").setPort(proxy.port()));
        ChangeLog replicaLog = new ChangeLog(pool, replicaFeed, RETENTION, POLL);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Semaphore listening = new Semaphore(0);
        replicaFeed.subscribe("test_lost", received::add, listening::release);
        assertTrue(listening.tryAcquire(10, TimeUnit.SECONDS), "subscribed");
        replicaLog.poll().await().indefinitely();

        proxy.cut();
        String committed = "committed-" + UUID.randomUUID();
        assertThrows(
                IllegalStateException.class,
                () -> pool.withTransaction(tx -> feed.announce(tx, "test_lost", "rolled-back-" + UUID.randomUUID())
                                .chain(() -> Uni.createFrom().failure(new IllegalStateException("abort"))))
                        .await()
                        .indefinitely());
        pool.withTransaction(tx -> feed.announce(tx, "test_lost", committed))
                .await()
                .indefinitely();
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "the notification was lost with the connection");

        replicaLog.poll().await().indefinitely();
        assertEquals(List.of(committed), List.copyOf(received));

        received.clear();
        replicaLog.poll().await().indefinitely();
        assertEquals(List.of(), List.copyOf(received), "a change is delivered once though the next poll re-reads it");
    }

    @Test
    void pollWhenNoPollGotThroughForLongerThanRetentionThenEverySubscriberResyncs() throws Exception {
        PgConnectOptions direct = TestDatabase.connectOptions();
        replicaFeed = new ChangeFeed(vertx, direct);
        ChangeLog replicaLog = new ChangeLog(pool, replicaFeed, RETENTION, POLL);
        Semaphore resyncs = new Semaphore(0);
        replicaFeed.subscribe("test_gap", key -> {}, resyncs::release);
        assertTrue(resyncs.tryAcquire(10, TimeUnit.SECONDS), "resync after the first connect");
        replicaLog.poll().await().indefinitely();
        replicaLog.poll().await().indefinitely();
        assertEquals(0, resyncs.availablePermits(), "polls within the retention resync nothing");
        log.start();

        OffsetDateTime databaseNow = pool.query("SELECT now() AS now")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getOffsetDateTime("now");
        replicaLog.lastPolledAt(databaseNow.minus(RETENTION).minusMinutes(1));
        replicaLog.poll().await().indefinitely();

        assertTrue(resyncs.tryAcquire(10, TimeUnit.SECONDS), "resync: rows of the gap may have been pruned");
        log.assertOneWarningWithoutStackTrace(ChangeLog.class.getName());
        replicaLog.poll().await().indefinitely();
        assertEquals(0, resyncs.availablePermits(), "once per gap");
    }

    @Test
    void constructWhenRetentionShorterThanOverlapAndTwoPollsThenRefusedNamingTheSetting() {
        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> new ChangeLog(pool, feed, Duration.ofSeconds(70), Duration.ofSeconds(10)));
        assertTrue(refused.getMessage().contains("tollgate.cache.change-log-retention"), refused.getMessage());
    }

    @Test
    void pollWhenRowsOlderThanRetentionThenDeletedAndRecentKept() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        long pastRetention = RETENTION.plusMinutes(1).toSeconds();
        pool.preparedQuery("INSERT INTO change_log (topic, key, changed_at)"
                        + " VALUES ('test_prune', $1, now() - interval '" + pastRetention + " seconds')")
                .execute(Tuple.of(old))
                .await()
                .indefinitely();
        pool.withTransaction(tx -> feed.announce(tx, "test_prune", recent))
                .await()
                .indefinitely();

        new ChangeLog(pool, feed, RETENTION, POLL).poll().await().indefinitely();

        assertEquals(0, TestRows.count(pool, "SELECT count(*) FROM change_log WHERE key = $1", old));
        assertEquals(1, TestRows.count(pool, "SELECT count(*) FROM change_log WHERE key = $1", recent));
    }

    @Test
    void pollWhenDatabaseUnreachableThenOneWarningWithoutStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        unreachable = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions(TestDatabase.connectOptions())
                        .setHost("127.0.0.1")
                        .setPort(closedPort)
                        .setConnectTimeout(500))
                .using(vertx.getDelegate())
                .build());
        ChangeLog cutOff = new ChangeLog(unreachable, feed, RETENTION, POLL);
        log.start();

        for (int poll = 0; poll < 5; poll++) {
            cutOff.poll().await().atMost(Duration.ofSeconds(10));
        }

        log.assertOneWarningWithoutStackTrace(ChangeLog.class.getName());
    }
}
