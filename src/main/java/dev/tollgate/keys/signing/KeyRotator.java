package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.KeyTimes;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.DatabaseUnavailableException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Creates, rotates and deletes system-managed keys. Each key set is changed by one replica at a time: a step takes
 * the key set's transaction-scoped advisory lock, re-reads the keys, applies {@link KeySchedule#plan} and announces
 * the change, all in one transaction, so a replica that dies half-way leaves nothing behind and a repeated tick
 * finds nothing to do.
 */
@ApplicationScoped
public class KeyRotator {

    /** Change-feed topic; the key is the key set. */
    public static final String TOPIC = "keys";

    private static final Logger LOG = Logger.getLogger(KeyRotator.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final KeySchedule schedule;
    private final KeyAlgorithm serverAlgorithm;
    private final KeyVault vault;
    private final KeyMaker maker;
    private final KeyEvents events;
    private final ChangeFeed feed;
    private final SigningKeyStore store = new SigningKeyStore();
    /** When ticks began to fail for a database outage; null while they get through. Ticks never overlap. */
    private volatile Instant outageSince;

    @Inject
    KeyRotator(
            Pool pool,
            Vertx vertx,
            Clock clock,
            KeySchedule schedule,
            KeysConfig config,
            KeyVault vault,
            KeyEvents events,
            ChangeFeed feed) {
        this(pool, vertx, clock, schedule, config.algorithm(), vault, events, feed);
    }

    public KeyRotator(
            Pool pool,
            Vertx vertx,
            Clock clock,
            KeySchedule schedule,
            KeyAlgorithm serverAlgorithm,
            KeyVault vault,
            KeyEvents events,
            ChangeFeed feed) {
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.schedule = schedule;
        this.serverAlgorithm = serverAlgorithm;
        this.vault = vault;
        this.maker = new KeyMaker(vault);
        this.events = events;
        this.feed = feed;
    }

    @Scheduled(
            every = "${tollgate.keys.rotation-interval}",
            delayed = "${tollgate.keys.rotation-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return rotateDue()
                .invoke(this::reachedDatabase)
                .onFailure()
                .recoverWithItem(failure -> {
                    failed(failure);
                    return List.of();
                })
                .replaceWithVoid();
    }

    /**
     * A database outage is logged once when a tick first meets it (WARN, no stack trace) and once when a tick gets
     * through again (INFO), not on every tick in between; any other failure is an ERROR with its stack trace.
     */
    private void failed(Throwable failure) {
        if (!DatabaseUnavailableException.explains(failure)) {
            LOG.errorf(failure, "Key rotation failed; the next tick retries");
        } else if (outageSince == null) {
            outageSince = clock.instant();
            LOG.warnf(
                    "Key rotation paused: the database is unreachable (%s); retrying on every tick",
                    DatabaseUnavailableException.rootMessage(failure));
        } else {
            LOG.debugf("Key rotation still paused: %s", DatabaseUnavailableException.rootMessage(failure));
        }
    }

    private void reachedDatabase(List<String> ignored) {
        Instant since = outageSince;
        if (since != null) {
            outageSince = null;
            LOG.infof("Key rotation resumed: the database is reachable again (unreachable since %s)", since);
        }
    }

    /** Runs every due key set whose lock is free; answers the key sets this replica changed. */
    public Uni<List<String>> rotateDue() {
        return store.dueKeySets(pool, clock.instant()).chain(this::rotateEach);
    }

    private Uni<List<String>> rotateEach(List<String> keySets) {
        List<String> changed = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String keySet : keySets) {
            chain = chain.chain(() -> rotate(keySet).invoke(did -> {
                        if (did) {
                            changed.add(keySet);
                        }
                    }))
                    .replaceWithVoid();
        }
        return chain.map(ignored -> changed);
    }

    /** One rotation step for {@code keySet}; false when another replica holds it, or nothing is due. */
    public Uni<Boolean> rotate(String keySet) {
        return pool.withTransaction(tx -> store.tryLock(tx, keySet)
                .chain(locked -> locked
                        ? store.list(tx, keySet).chain(keys -> applyDue(tx, keySet, keys))
                        : Uni.createFrom().item(false)));
    }

    /** Makes the key set's first keys unless it has keys already; waits for a rotation in progress. Idempotent. */
    public Uni<Void> ensureKeySet(String keySet) {
        return pool.withTransaction(tx -> store.lock(tx, keySet)
                .chain(() -> store.list(tx, keySet))
                .chain(keys -> keys.isEmpty()
                        ? create(tx, keySet, schedule.firstKeys(clock.instant(), random()))
                        : Uni.createFrom().voidItem()));
    }

    /** Deletes every key of {@code keySet} (its account is gone). Idempotent. */
    public Uni<Void> removeKeySet(String keySet) {
        return pool.withTransaction(tx -> store.lock(tx, keySet)
                .chain(() -> store.list(tx, keySet))
                .chain(keys -> sequence(keys.stream()
                        .<Supplier<Uni<Void>>>map(key -> () -> delete(tx, key))
                        .toList()))
                .chain(() -> feed.announce(tx, TOPIC, keySet)));
    }

    /** Re-wraps every data key still under a former master key; answers how many. Each key in its own transaction. */
    public Uni<Integer> rewrapAll() {
        return store.wrappedUnderOtherMasterKeys(pool, vault.currentMasterKeyId())
                .chain(kids -> sequence(kids.stream()
                                .<Supplier<Uni<Void>>>map(kid -> () -> rewrap(kid))
                                .toList())
                        .map(ignored -> kids.size()));
    }

    private Uni<Void> rewrap(String kid) {
        return pool.withTransaction(tx -> store.lockKey(tx, kid).chain(key -> {
            if (key == null || key.sealed().masterKeyId().equals(vault.currentMasterKeyId())) {
                return Uni.createFrom().voidItem();
            }
            StoredKey rewrapped = key.withSealed(vault.rewrap(kid, key.sealed()));
            return store.updateSealed(tx, kid, rewrapped.sealed())
                    .chain(() -> event(tx, KeyEvents.Kind.REWRAPPED, rewrapped));
        }));
    }

    private Uni<Boolean> applyDue(SqlClient tx, String keySet, List<StoredKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Instant now = clock.instant();
        KeySchedule.Plan plan = schedule.plan(
                keys.stream()
                        .map(key -> new KeySchedule.Scheduled(key.kid(), key.times()))
                        .toList(),
                now,
                random());
        if (plan.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        if (plan.hurried()) {
            LOG.warnf(
                    "Key set %s had no key ready to sign in time (were all replicas down?); a key signs before "
                            + "it was published for the full pre-publication window",
                    keySet);
        }
        List<Supplier<Uni<Void>>> steps = new ArrayList<>();
        for (StoredKey key : keys) {
            if (plan.deletions().contains(key.kid())) {
                steps.add(() -> delete(tx, key));
            }
            KeyTimes changed = plan.updates().get(key.kid());
            if (changed != null) {
                steps.add(() -> update(tx, key, changed));
            }
        }
        return sequence(steps).chain(() -> create(tx, keySet, plan.creations())).replaceWith(true);
    }

    private Uni<Void> create(SqlClient tx, String keySet, List<KeyTimes> creations) {
        if (creations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KeyAlgorithm algorithm = KeySets.SERVER.equals(keySet) ? serverAlgorithm : KeyAlgorithm.RS256;
        return vertx.executeBlocking(Uni.createFrom()
                        .item(() -> creations.stream()
                                .map(times -> maker.make(keySet, algorithm, times))
                                .toList()))
                .chain(made -> sequence(made.stream()
                        .<Supplier<Uni<Void>>>map(key ->
                                () -> store.insert(tx, key).chain(() -> event(tx, KeyEvents.Kind.CREATED, key)))
                        .toList()))
                .chain(() -> feed.announce(tx, TOPIC, keySet));
    }

    private Uni<Void> update(SqlClient tx, StoredKey key, KeyTimes changed) {
        KeyEvents.Kind kind = changed.activateAt().equals(key.times().activateAt())
                ? KeyEvents.Kind.RETIREMENT_POSTPONED
                : KeyEvents.Kind.ACTIVATION_HURRIED;
        return store.updateTimes(tx, key.kid(), changed)
                .chain(() -> event(tx, kind, key.withTimes(changed)))
                .chain(() -> feed.announce(tx, TOPIC, key.keySet()));
    }

    private Uni<Void> delete(SqlClient tx, StoredKey key) {
        return store.delete(tx, key.kid())
                .chain(() -> event(tx, KeyEvents.Kind.DELETED, key))
                .chain(() -> feed.announce(tx, TOPIC, key.keySet()));
    }

    private Uni<Void> event(SqlClient tx, KeyEvents.Kind kind, StoredKey key) {
        return events.record(new KeyEvents.KeyEvent(kind, key.keySet(), key.kid(), key.times(), clock.instant()), tx);
    }

    private static ThreadLocalRandom random() {
        return ThreadLocalRandom.current();
    }

    private static Uni<Void> sequence(List<Supplier<Uni<Void>>> steps) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Supplier<Uni<Void>> step : steps) {
            chain = chain.chain(step::get);
        }
        return chain;
    }
}
