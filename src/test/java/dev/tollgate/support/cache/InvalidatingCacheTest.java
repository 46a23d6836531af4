package dev.tollgate.support.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.spi.ContextManagerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The cache type's guarantees, with a loader the test answers by hand. */
class InvalidatingCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration REFRESH = Duration.ofSeconds(60);

    static {
        // The first use of context propagation registers its provider; a Vert.x thread and the test thread racing to
        // be first fail with "ContextManagerProvider already set", so the test thread goes first.
        ContextManagerProvider.instance();
    }

    private static final Vertx VERTX = Vertx.vertx();

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Pending loads in the order they started; the test completes them. */
    private final Queue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();

    private final AtomicInteger started = new AtomicInteger();
    private final Map<String, String> database = new ConcurrentHashMap<>();
    private final InvalidatingCache<String, String> cache = new InvalidatingCache<>(
            "test",
            this::load,
            clock,
            VERTX,
            meters,
            new InvalidatingCache.Limits(100, REFRESH, Duration.ofSeconds(30), 100));

    @AfterAll
    static void close() {
        VERTX.close();
    }

    private Uni<String> load(String key) {
        started.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.add(answer);
        return Uni.createFrom().completionStage(answer);
    }

    private void answerNext(String value) throws Exception {
        awaitStarted();
        pending.remove().complete(value);
    }

    private void failNext() throws Exception {
        awaitStarted();
        pending.remove().completeExceptionally(new IllegalStateException("Connection refused"));
    }

    private void awaitStarted() throws InterruptedException {
        for (int i = 0; i < 500 && pending.isEmpty(); i++) {
            Thread.sleep(10);
        }
    }

    private String get(String key) {
        return cache.get(key).await().atMost(WAIT);
    }

    @Test
    void getWhenLoadCompletesAfterInvalidationThenNotCached() throws Exception {
        CompletableFuture<String> racing =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        awaitStarted();
        cache.invalidate("k");
        answerNext("old");
        assertEquals("old", racing.get());

        CompletableFuture<String> next =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("new");
        assertEquals("new", next.get());
        assertEquals(2, started.get());
        assertEquals("new", get("k"));
        assertEquals(2, started.get());
    }

    @Test
    void getWhenReloadFailsThenOldValueKeptAndServed() throws Exception {
        CompletableFuture<String> first =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("v1");
        assertEquals("v1", first.get());

        clock.advance(REFRESH.multipliedBy(3));
        CompletableFuture<String> afterOutage =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        failNext();
        assertEquals("v1", afterOutage.get());
        assertEquals(1, cache.size());
        assertEquals(
                1.0,
                meters.get("tollgate.cache.loads")
                        .tag("result", "failure")
                        .counter()
                        .count());
    }

    @Test
    void getWhenOlderThanRefreshThenServedAtOnceAndReloadedBehind() throws Exception {
        CompletableFuture<String> first =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("v1");
        first.get();

        clock.advance(REFRESH.plusSeconds(1));
        assertEquals("v1", get("k"));
        answerNext("v2");
        for (int i = 0; i < 500 && !"v2".equals(get("k")); i++) {
            Thread.sleep(10);
        }
        assertEquals("v2", get("k"));
        assertEquals(2, started.get());
    }

    @Test
    void getWhenNotFoundThenRememberedUntilInvalidated() throws Exception {
        CompletableFuture<String> first =
                cache.get("ghost").subscribeAsCompletionStage().toCompletableFuture();
        answerNext(null);
        assertNull(first.get());
        assertNull(get("ghost"));
        assertEquals(1, started.get());
        assertEquals(
                1.0,
                meters.get("tollgate.cache.gets")
                        .tag("result", "absent")
                        .counter()
                        .count());

        cache.invalidate("ghost");
        CompletableFuture<String> created =
                cache.get("ghost").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("now exists");
        assertEquals("now exists", created.get());
    }

    @Test
    void getWhenNotFoundLoadRacesCreationThenNotRemembered() throws Exception {
        CompletableFuture<String> racing =
                cache.get("new").subscribeAsCompletionStage().toCompletableFuture();
        awaitStarted();
        cache.invalidate("new");
        answerNext(null);
        assertNull(racing.get());

        CompletableFuture<String> next =
                cache.get("new").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("created");
        assertEquals("created", next.get());
    }

    @Test
    void getWhenResyncedThenCallerWaitsForReloadAndKeepsValueIfItFails() throws Exception {
        CompletableFuture<String> first =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("v1");
        first.get();
        clock.advance(Duration.ofMillis(5));

        cache.refreshAll();
        CompletableFuture<String> waiting =
                cache.get("k").subscribeAsCompletionStage().toCompletableFuture();
        answerNext("v2");
        assertEquals("v2", waiting.get());
    }
}
