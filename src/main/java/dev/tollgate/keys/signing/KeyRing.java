package dev.tollgate.keys.signing;

import dev.tollgate.keys.PublishedKey;
import dev.tollgate.support.ChangeFeed;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * This replica's keys in memory: public halves for publishing, private halves opened once for signing, so nothing on
 * the signing or publishing path touches the database. The server key set is loaded at start; other key sets when
 * first used ({@link #ensureLoaded}). Loaded sets are re-read when the change feed announces them, after the feed
 * reconnects, and every {@code reload-interval}.
 */
@ApplicationScoped
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    private final Pool pool;
    private final Clock clock;
    private final KeyVault vault;
    private final KeyRotator rotator;
    private final SigningProvider signing;
    private final SigningKeyStore store = new SigningKeyStore();
    private final AtomicLong reads = new AtomicLong();
    private final Map<String, Snapshot> sets = new ConcurrentHashMap<>();

    /** Keys of one set, newest activation first, from the read numbered {@code read}. */
    private record Snapshot(long read, List<LoadedKey> keys) {}

    public KeyRing(Pool pool, Clock clock, KeyVault vault, KeyRotator rotator, SigningProvider signing) {
        this.pool = pool;
        this.signing = signing;
        this.clock = clock;
        this.vault = vault;
        this.rotator = rotator;
    }

    /** Makes {@code keySet}'s first keys if it has none (e.g. a new service account) and loads it. Idempotent. */
    public Uni<Void> ensureKeySet(String keySet) {
        return rotator.ensureKeySet(keySet).chain(() -> reload(keySet));
    }

    /** Deletes every key of {@code keySet} and forgets it. Idempotent. */
    public Uni<Void> removeKeySet(String keySet) {
        return rotator.removeKeySet(keySet).invoke(() -> sets.remove(keySet));
    }

    /** Loads {@code keySet} unless it is loaded; call before {@link Signer} or {@link #published} for a new set. */
    public Uni<Void> ensureLoaded(String keySet) {
        return sets.containsKey(keySet) ? Uni.createFrom().voidItem() : reload(keySet);
    }

    /** Keys of {@code keySet} to publish now (PENDING, ACTIVE, RETIRED), oldest activation first. */
    public List<PublishedKey> published(String keySet) {
        Instant now = clock.instant();
        return loaded(keySet).stream()
                .filter(key -> key.times().publishedAt(now))
                .sorted(Comparator.comparing(key -> key.times().activateAt()))
                .map(LoadedKey::published)
                .toList();
    }

    public boolean hasActiveKey(String keySet) {
        Instant now = clock.instant();
        return loaded(keySet).stream().anyMatch(key -> key.times().activeAt(now));
    }

    public Set<String> loadedKeySets() {
        return Set.copyOf(sets.keySet());
    }

    /** Keys of a loaded set, newest activation first; empty when not loaded. */
    List<LoadedKey> loaded(String keySet) {
        Snapshot snapshot = sets.get(keySet);
        return snapshot == null ? List.of() : snapshot.keys();
    }

    /** Reloads announced key sets; reloads everything after the feed reconnected (announcements may be lost). */
    public void listen(ChangeFeed feed) {
        feed.subscribe(
                KeyRotator.TOPIC,
                keySet -> {
                    if (sets.containsKey(keySet)) {
                        reload(keySet).subscribe().with(ok -> {}, failure -> logReloadFailure(keySet, failure));
                    }
                },
                () -> reloadAll().subscribe().with(ok -> {}, failure -> logReloadFailure("*", failure)));
    }

    @Scheduled(
            every = "${tollgate.keys.reload-interval}",
            delayed = "${tollgate.keys.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> periodicReload() {
        return reloadAll()
                .onFailure()
                .invoke(failure -> logReloadFailure("*", failure))
                .onFailure()
                .recoverWithNull();
    }

    public Uni<Void> reloadAll() {
        Set<String> keySets = loadedKeySets();
        return keySets.isEmpty() ? Uni.createFrom().voidItem() : read(keySets);
    }

    public Uni<Void> reload(String keySet) {
        return read(List.of(keySet));
    }

    private Uni<Void> read(Collection<String> keySets) {
        long read = reads.incrementAndGet();
        return store.list(pool, keySets)
                .invoke(rows -> {
                    Map<String, List<StoredKey>> bySet = new HashMap<>();
                    keySets.forEach(keySet -> bySet.put(keySet, new ArrayList<>()));
                    rows.forEach(row -> bySet.get(row.keySet()).add(row));
                    bySet.forEach((keySet, stored) -> apply(keySet, read, stored));
                })
                .replaceWithVoid();
    }

    private void apply(String keySet, long read, List<StoredKey> stored) {
        sets.compute(keySet, (name, previous) -> {
            if (previous != null && previous.read() > read) {
                return previous;
            }
            Map<String, LoadedKey> known = new HashMap<>();
            if (previous != null) {
                previous.keys().forEach(key -> known.put(key.kid(), key));
            }
            List<LoadedKey> keys = stored.stream()
                    .map(row ->
                            known.containsKey(row.kid()) ? known.get(row.kid()).withTimes(row.times()) : open(row))
                    .sorted(Comparator.comparing((LoadedKey key) -> key.times().activateAt())
                            .reversed())
                    .toList();
            return new Snapshot(read, keys);
        });
    }

    private LoadedKey open(StoredKey row) {
        byte[] pkcs8 = vault.open(row.kid(), row.sealed());
        try {
            KeyFactory factory = KeyFactory.getInstance(row.algorithm().keyType());
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(row.publicKey()));
            LOG.debugf("Loaded key %s of key set %s", row.kid(), row.keySet());
            return new LoadedKey(
                    new PublishedKey(row.kid(), row.algorithm(), publicKey, row.certificatePem(), row.times()),
                    signing.forKey(row.kid(), row.algorithm(), privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Key " + row.kid() + " does not parse", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static void logReloadFailure(String keySet, Throwable failure) {
        LOG.warnf("Reloading key set %s failed (%s); the periodic reload retries", keySet, failure.getMessage());
    }
}
