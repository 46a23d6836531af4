package dev.tollgate.support.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Database state in memory, the one cache type every feature uses (declared through {@link Caches}); bounded by
 * Caffeine (W-TinyLFU eviction, so a flood of one-off keys does not evict the hot ones).
 *
 * <ul>
 * <li><b>Loads</b> run on their own Vert.x context with their own session, never in the caller's transaction, so a
 * value that was never committed cannot be cached; concurrent misses of one key share one load.</li>
 * <li><b>Race guard</b>: every invalidation bumps a generation; a load that started before an invalidation (and may
 * have read the old state) is handed to its callers but not kept.</li>
 * <li><b>"Not found"</b> (the loader answers {@code null}) is kept apart, for {@code negative-ttl}, so unknown ids
 * cost one load per TTL; creating the id announces it, which drops the negative entry.</li>
 * <li><b>Refresh</b>: an entry older than {@code refresh-after} is reloaded in the background while the old value is
 * served; at twice that age (or after {@link #refreshAll}) the caller waits for the reload. A reload that fails keeps
 * the old value (a database outage does not empty the cache); the failure is logged at most once a minute.</li>
 * <li><b>Metrics</b>: {@code tollgate.cache.size}, {@code tollgate.cache.gets{result=hit|miss|absent}},
 * {@code tollgate.cache.loads{result=success|failure}}, tagged {@code cache=<name>}.</li>
 * </ul>
 */
public final class InvalidatingCache<K, V> {

    private static final Logger LOG = Logger.getLogger(InvalidatingCache.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 60_000;

    /** Bounds of one cache. */
    record Limits(long maximumSize, Duration refreshAfter, Duration negativeTtl, long negativeMaximumSize) {}

    /** A loaded value ({@code null}: known absent) and when its load started, by the injected clock. */
    private record Entry<V>(V value, long loadedAt) {}

    private final String name;
    private final Function<K, Uni<V>> loader;
    private final Clock clock;
    private final Vertx vertx;
    private final long refreshAfterMs;
    private final AsyncCache<K, Entry<V>> entries;
    private final Cache<K, Boolean> absent;
    private final Map<K, CompletableFuture<Entry<V>>> refreshing = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);
    private volatile long staleUpTo = Long.MIN_VALUE;
    private final Counter hits;
    private final Counter misses;
    private final Counter absentHits;
    private final Counter loads;
    private final Counter loadFailures;

    InvalidatingCache(
            String name, Function<K, Uni<V>> loader, Clock clock, Vertx vertx, MeterRegistry meters, Limits limits) {
        this.name = name;
        this.loader = loader;
        this.clock = clock;
        this.vertx = vertx;
        this.refreshAfterMs = limits.refreshAfter().toMillis();
        this.entries = Caffeine.newBuilder().maximumSize(limits.maximumSize()).buildAsync();
        this.absent = Caffeine.newBuilder()
                .maximumSize(limits.negativeMaximumSize())
                .expireAfterWrite(limits.negativeTtl())
                .build();
        Gauge.builder(
                        "tollgate.cache.size",
                        entries,
                        cache -> cache.synchronous().estimatedSize())
                .tag("cache", name)
                .description("Entries held")
                .register(meters);
        Gauge.builder("tollgate.cache.absent.size", absent, Cache::estimatedSize)
                .tag("cache", name)
                .description("Remembered \"not found\" answers")
                .register(meters);
        hits = gets(meters, "hit");
        misses = gets(meters, "miss");
        absentHits = gets(meters, "absent");
        loads = Counter.builder("tollgate.cache.loads")
                .tag("cache", name)
                .tag("result", "success")
                .register(meters);
        loadFailures = Counter.builder("tollgate.cache.loads")
                .tag("cache", name)
                .tag("result", "failure")
                .register(meters);
    }

    /** The value of {@code key}, {@code null} when the loader found none; a fresh hit answers at once. */
    public Uni<V> get(K key) {
        if (absent.getIfPresent(key) != null) {
            absentHits.increment();
            return Uni.createFrom().nullItem();
        }
        CompletableFuture<Entry<V>> current = entries.getIfPresent(key);
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            hits.increment();
            return cached(key, current, current.join());
        }
        misses.increment();
        return onCallersContext(entries.get(key, (k, executor) -> load(k))).map(Entry::value);
    }

    /** Drops {@code key} (a value or a "not found"); a load of it already under way is not kept. */
    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.synchronous().invalidate(key);
        absent.invalidate(key);
    }

    /** Drops every entry for which {@code test(key, value)} holds ({@code value} is {@code null} for "not found"). */
    public void invalidateIf(BiPredicate<K, V> test) {
        generation.incrementAndGet();
        entries.asMap().forEach((key, future) -> {
            if (future.isDone()
                    && !future.isCompletedExceptionally()
                    && test.test(key, future.join().value())) {
                entries.asMap().remove(key, future);
            }
        });
        absent.asMap().keySet().removeIf(key -> test.test(key, null));
    }

    /** Drops everything. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.synchronous().invalidateAll();
        absent.invalidateAll();
    }

    /**
     * Everything held may be stale (the change feed reconnected and may have missed announcements): each entry is
     * reloaded on its next use, and kept if that reload fails. "Not found" answers are dropped.
     */
    public void refreshAll() {
        generation.incrementAndGet();
        staleUpTo = clock.millis();
        absent.invalidateAll();
    }

    /** Entries held now (values, not "not found" answers). */
    public long size() {
        return entries.synchronous().estimatedSize();
    }

    private Uni<V> cached(K key, CompletableFuture<Entry<V>> current, Entry<V> entry) {
        long age = clock.millis() - entry.loadedAt();
        boolean resynced = entry.loadedAt() <= staleUpTo;
        if (!resynced && age < refreshAfterMs) {
            return Uni.createFrom().item(entry.value());
        }
        CompletableFuture<Entry<V>> reload = refresh(key, current);
        if (!resynced && age < 2 * refreshAfterMs) {
            return Uni.createFrom().item(entry.value());
        }
        return onCallersContext(reload).map(Entry::value).onFailure().recoverWithItem(entry.value());
    }

    /** Reloads {@code key} once however many callers ask; replaces {@code current} only if it is still held. */
    private CompletableFuture<Entry<V>> refresh(K key, CompletableFuture<Entry<V>> current) {
        return refreshing.computeIfAbsent(key, k -> {
            long seen = generation.get();
            return load(k).whenComplete((entry, failure) -> {
                refreshing.remove(k);
                if (failure == null && entry.value() == null) {
                    if (entries.asMap().remove(k, current)) {
                        rememberAbsent(k, seen);
                    }
                } else if (failure == null) {
                    entries.asMap().replace(k, current, CompletableFuture.completedFuture(entry));
                }
            });
        });
    }

    /** Starts {@code loader} on a context of its own; the result is kept only if nothing was invalidated meanwhile. */
    private CompletableFuture<Entry<V>> load(K key) {
        long seen = generation.get();
        long startedAt = clock.millis();
        CompletableFuture<Entry<V>> future = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom()
                .deferred(() -> loader.apply(key))
                .subscribe()
                .with(
                        value -> {
                            loads.increment();
                            future.complete(new Entry<>(value, startedAt));
                        },
                        failure -> {
                            loadFailures.increment();
                            logFailure(key, failure);
                            future.completeExceptionally(failure);
                        }));
        future.thenAccept(entry -> {
            if (entry.value() == null) {
                entries.asMap().remove(key, future);
                rememberAbsent(key, seen);
            } else if (generation.get() != seen) {
                entries.asMap().remove(key, future);
            }
        });
        return future;
    }

    private void rememberAbsent(K key, long seen) {
        absent.put(key, Boolean.TRUE);
        if (generation.get() != seen) {
            absent.invalidate(key);
        }
    }

    private void logFailure(K key, Throwable failure) {
        long now = clock.millis();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_INTERVAL_MS && lastFailureLog.compareAndSet(last, now)) {
            LOG.warnf(
                    "Cache %s could not load %s (%s); cached values are kept and served (logged once a minute)",
                    name, key, failure.toString());
        }
    }

    private Counter gets(MeterRegistry meters, String result) {
        return Counter.builder("tollgate.cache.gets")
                .tag("cache", name)
                .tag("result", result)
                .register(meters);
    }

    /**
     * A future completed elsewhere (another caller's load) is resumed on the caller's Vert.x context, where its
     * Hibernate Reactive session lives.
     */
    private static <T> Uni<T> onCallersContext(CompletableFuture<T> future) {
        Uni<T> uni = Uni.createFrom()
                .completionStage(future)
                .onFailure(CompletionException.class)
                .transform(Throwable::getCause);
        Context context = Vertx.currentContext();
        if (future.isDone() || context == null) {
            return uni;
        }
        return uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
