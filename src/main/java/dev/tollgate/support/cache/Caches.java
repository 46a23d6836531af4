package dev.tollgate.support.cache;

import dev.tollgate.support.ChangeFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/** Where features declare their caches: {@code caches.<K, V>named("iam_policy", this::load).invalidatedBy(...)}. */
@ApplicationScoped
public class Caches {

    private final CacheConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final ChangeFeed changes;

    public Caches(CacheConfig config, Clock clock, Vertx vertx, MeterRegistry meters, ChangeFeed changes) {
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.meters = meters;
        this.changes = changes;
    }

    /** A cache named {@code name} (the {@code cache} tag of its metrics) whose misses call {@code loader}. */
    public <K, V> Spec<K, V> named(String name, Function<K, Uni<V>> loader) {
        return new Spec<>(name, loader, config.refreshAfter());
    }

    /** What a feature says about its cache before {@link #build}ing it. */
    public final class Spec<K, V> {
        private final String name;
        private final Function<K, Uni<V>> loader;
        private Duration refreshAfter;

        private Spec(String name, Function<K, Uni<V>> loader, Duration refreshAfter) {
            this.name = name;
            this.loader = loader;
            this.refreshAfter = refreshAfter;
        }

        /** Overrides {@code tollgate.cache.refresh-after} for this cache. */
        public Spec<K, V> refreshAfter(Duration refreshAfter) {
            this.refreshAfter = refreshAfter;
            return this;
        }

        /** A cache that the caller invalidates itself (e.g. several caches fed by one topic). */
        public InvalidatingCache<K, V> build() {
            return new InvalidatingCache<>(
                    name,
                    loader,
                    clock,
                    vertx,
                    meters,
                    new InvalidatingCache.Limits(
                            config.maximumSize(), refreshAfter, config.negativeTtl(), config.negativeMaximumSize()));
        }

        /**
         * A cache that drops {@code key.apply(announced)} for each key announced on {@code topic}, and marks
         * everything for reload after the change feed reconnected (it may have missed announcements).
         */
        public InvalidatingCache<K, V> invalidatedBy(String topic, Function<String, K> key) {
            InvalidatingCache<K, V> cache = build();
            changes.subscribe(topic, announced -> cache.invalidate(key.apply(announced)), cache::refreshAll);
            return cache;
        }
    }
}
