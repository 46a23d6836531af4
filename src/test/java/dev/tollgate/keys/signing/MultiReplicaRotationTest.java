package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.DatabaseCircuit;
import dev.tollgate.support.Ids;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.TcpProxy;
import dev.tollgate.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.spi.ConnectionFactory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three replicas (each with its own pool, change-feed connection, rotator and key ring) on the shared database,
 * racing on one key set. Their clock runs 100 days ahead so that the application's own rotator never finds this
 * key set due.
 */
@QuarkusTest
class MultiReplicaRotationTest {

    @Inject
    Vertx vertx;

    @Inject
    KeyVault vault;

    @Inject
    KeySchedule schedule;

    @Inject
    Pool appPool;

    private final MovableClock clock = new MovableClock(Instant.now().plus(Duration.ofDays(100)));
    private final List<Replica> replicas = new ArrayList<>();
    private final CapturedLog log = new CapturedLog(Level.INFO);
    private TcpProxy proxy;
    private Pool proxiedPool;

    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private record Replica(Pool pool, ChangeFeed feed, KeyRotator rotator, KeyRing ring) {}

    private Replica replica(KeyEvents events) {
        PgConnectOptions options = TestDatabase.connectOptions();
        Pool pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(3))
                .connectingTo(options)
                .using(vertx.getDelegate())
                .build());
        ChangeFeed feed = new ChangeFeed(vertx, options);
        KeyRotator rotator = new KeyRotator(pool, vertx, clock, schedule, KeyAlgorithm.RS256, vault, events, feed);
        KeyRing ring = new KeyRing(pool, clock, vault, rotator, new SigningProvider(CryptoProvider.JDK));
        ring.listen(feed);
        Replica replica = new Replica(pool, feed, rotator, ring);
        replicas.add(replica);
        return replica;
    }

    private static KeyEvents quiet() {
        return (event, tx) -> Uni.createFrom().voidItem();
    }

    @AfterEach
    void closeReplicas() {
        for (Replica replica : replicas) {
            replica.feed().close().await().indefinitely();
            replica.pool().close().await().indefinitely();
        }
        log.stop();
        if (proxiedPool != null) {
            proxiedPool.close().await().indefinitely();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * A replica whose database goes away for several ticks: one WARN when the outage starts (no stack trace), nothing
     * per tick during it, one INFO when a tick gets through again. Its pool connects through a {@link TcpProxy} and a
     * {@link DatabaseCircuit}, as the application's pool does (docs/operations.md, "Database outage"); its clock is
     * the present, so that its ticks find nothing due.
     */
    @Test
    void tickWhenDatabaseUnreachableForSeveralTicksThenOneWarningAndOneRecoveryLine() throws Exception {
        clock.set(Instant.now());
        KeyRotator rotator = rotatorThroughProxy();
        rotator.tick().await().indefinitely();
        log.start();

        proxy.cut();
        for (int tick = 0; tick < 5; tick++) {
            rotator.tick().await().atMost(Duration.ofSeconds(10));
        }
        log.assertOneWarningWithoutStackTrace(KeyRotator.class.getName());
        assertTrue(
                log.records().stream().noneMatch(record -> record.getLevel().intValue() > Level.WARNING.intValue()),
                log.describe());

        proxy.restore();
        // The circuit retries every 50 ms (a Vert.x timer, not the clock); ticks fail fast, quietly, until it closes.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.from(KeyRotator.class.getName()).size() < 2 && System.nanoTime() < deadline) {
            rotator.tick().await().indefinitely();
        }
        List<LogRecord> after = log.from(KeyRotator.class.getName());
        assertEquals(2, after.size(), log.describe());
        assertEquals(Level.INFO.intValue(), after.get(1).getLevel().intValue(), log.describe());
        assertTrue(after.get(1).getMessage().contains("resumed"), log.describe());

        rotator.tick().await().indefinitely();
        assertEquals(2, log.from(KeyRotator.class.getName()).size(), log.describe());
    }

    private KeyRotator rotatorThroughProxy() throws Exception {
        PgConnectOptions direct = TestDatabase.connectOptions();
        proxy = new TcpProxy(direct.getHost(), direct.getPort());
        PgConnectOptions options = new PgConnectOptions(direct)
                .setHost("127.0.0.1")
                .setPort(proxy.port())
                .setConnectTimeout(500);
        ConnectionFactory connections = PgDriver.INSTANCE.createConnectionFactory(vertx.getDelegate(), options);
        DatabaseCircuit circuit = new DatabaseCircuit(
                vertx.getDelegate(), clock, Duration.ofMillis(300), Duration.ofMillis(50), connections::connect);
        // No acquire timeout, as in DatabasePool: Vert.x 4.5's timer would fail each fast-failed waiter a second time.
        proxiedPool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2).setConnectionTimeout(0))
                .connectingTo(options)
                .using(vertx.getDelegate())
                .build()
                .connectionProvider(circuit::connect));
        return new KeyRotator(
                proxiedPool,
                vertx,
                clock,
                schedule,
                KeyAlgorithm.RS256,
                vault,
                quiet(),
                new ChangeFeed(vertx, options));
    }

    @Test
    void rotateWhenThreeReplicasRaceThenOneRotationAndRingsConverge() throws Exception {
        List<Replica> three = List.of(replica(quiet()), replica(quiet()), replica(quiet()));
        String keySet = "race:" + Ids.hex(6);
        three.get(0).ring().ensureKeySet(keySet).await().indefinitely();
        for (Replica replica : three) {
            replica.ring().ensureLoaded(keySet).await().indefinitely();
        }
        assertEquals(2, rows(keySet).size());
        clock.set(successorActivation(keySet).plus(Duration.ofMinutes(1)));

        List<Boolean> results = Uni.join()
                .all(three.stream().map(r -> r.rotator().rotate(keySet)).toList())
                .andFailFast()
                .await()
                .indefinitely();

        assertEquals(1, results.stream().filter(did -> did).count(), "exactly one replica rotated: " + results);
        assertEquals(3, rows(keySet).size());
        List<Boolean> again = Uni.join()
                .all(three.stream().map(r -> r.rotator().rotate(keySet)).toList())
                .andFailFast()
                .await()
                .indefinitely();
        assertEquals(List.of(false, false, false), again, "a repeated tick finds nothing to do");
        Set<String> expected = Set.copyOf(rows(keySet));
        awaitConverged(three, keySet, expected);
    }

    @Test
    void rotateWhenOneReplicaFailsMidRotationThenNothingChangesAndAnotherCompletes() throws Exception {
        Replica failing = replica((event, tx) -> event.kind() == KeyEvents.Kind.CREATED
                ? Uni.createFrom().failure(new IllegalStateException("replica dies mid-rotation"))
                : Uni.createFrom().voidItem());
        Replica healthy = replica(quiet());
        String keySet = "race:" + Ids.hex(6);
        healthy.ring().ensureKeySet(keySet).await().indefinitely();
        List<String> before = rows(keySet);
        long kidsBefore = registeredKids(keySet);
        clock.set(successorActivation(keySet).plus(Duration.ofMinutes(1)));

        assertThrows(
                IllegalStateException.class,
                () -> failing.rotator().rotate(keySet).await().indefinitely());

        assertEquals(before, rows(keySet), "the aborted rotation left the key set untouched");
        assertEquals(kidsBefore, registeredKids(keySet), "no kid of the aborted rotation was registered");
        assertTrue(healthy.rotator().rotate(keySet).await().indefinitely());
        assertEquals(3, rows(keySet).size());
        healthy.ring().reload(keySet).await().indefinitely();
        assertTrue(healthy.ring().hasActiveKey(keySet));
    }

    @Test
    void removeKeySetWhenCalledThenKeysGoneButKidsStayRegistered() {
        Replica replica = replica(quiet());
        String keySet = "race:" + Ids.hex(6);
        replica.ring().ensureKeySet(keySet).await().indefinitely();
        replica.ring().ensureKeySet(keySet).await().indefinitely();
        assertEquals(2, rows(keySet).size(), "ensureKeySet is idempotent");
        replica.ring().removeKeySet(keySet).await().indefinitely();
        assertEquals(List.of(), rows(keySet));
        assertEquals(2, registeredKids(keySet));
        assertTrue(replica.ring().published(keySet).isEmpty());
    }

    private void awaitConverged(List<Replica> replicas, String keySet, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            boolean converged = replicas.stream()
                    .allMatch(replica -> replica.ring().loaded(keySet).stream()
                            .map(LoadedKey::kid)
                            .collect(Collectors.toSet())
                            .equals(expected));
            if (converged) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "replicas did not converge on " + expected);
            Thread.sleep(20);
        }
    }

    private Instant successorActivation(String keySet) {
        return appPool.preparedQuery("SELECT max(activate_at) FROM signing_keys WHERE key_set = $1")
                .execute(Tuple.of(keySet))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getOffsetDateTime(0)
                .toInstant();
    }

    private List<String> rows(String keySet) {
        return query(appPool, "SELECT kid FROM signing_keys WHERE key_set = $1 ORDER BY kid", keySet);
    }

    private long registeredKids(String keySet) {
        return query(appPool, "SELECT kid FROM key_ids WHERE key_set = $1", keySet)
                .size();
    }

    private static List<String> query(SqlClient client, String sql, String keySet) {
        List<String> values = new ArrayList<>();
        client.preparedQuery(sql)
                .execute(Tuple.of(keySet))
                .await()
                .indefinitely()
                .forEach(row -> values.add(row.getString(0)));
        return values;
    }
}
