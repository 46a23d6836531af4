package dev.tollgate.support;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cross-replica cache invalidation over PostgreSQL LISTEN/NOTIFY, backed by a durable log.
 *
 * <p>A writer calls {@link #announce} inside the transaction that changed something; one statement notifies and
 * writes the change to table {@code change_log}. PostgreSQL delivers the notification to every replica only when that
 * transaction commits, and never when it rolls back. A cache calls {@link #subscribe} once: {@code onChange} gets the
 * announced key, {@code onResync} runs after every (re)connection of the listening connection, because notifications
 * sent while it was down are lost: the cache must then re-read everything. Both callbacks run on the event loop and
 * must not block (start a {@code Uni} and subscribe to it). A notification is delivered at most once; {@link ChangeLog}
 * delivers every committed change again from the log within its poll interval, so a key may arrive twice.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;
    // The CTE's insert runs even though the SELECT does not read it: one round trip for both.
    private static final String LOG_AND_NOTIFY = "WITH logged AS (INSERT INTO change_log (topic, key) VALUES (%s, %s))"
            + " SELECT CAST(pg_notify(%s, %s) AS text)";
    private static final String HIBERNATE_ANNOUNCE = LOG_AND_NOTIFY.formatted("?1", "?2", "?3", "?2");
    private static final String CLIENT_ANNOUNCE = LOG_AND_NOTIFY.formatted("$1", "$2", "$3", "$2");

    private record Subscription(String topic, Consumer<String> onChange, Runnable onResync) {}

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private PgSubscriber subscriber;

    @Inject
    public ChangeFeed(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this(
                vertx,
                PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                        .setUser(user)
                        .setPassword(password));
    }

    /** A feed on its own connection to the database that {@code options} name (tests build replicas this way). */
    public ChangeFeed(Vertx vertx, PgConnectOptions options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** Announces a change of {@code key} in {@code topic} when the current Hibernate Reactive transaction commits. */
    public Uni<Void> announce(String topic, String key) {
        String channel = channel(topic);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(HIBERNATE_ANNOUNCE, String.class)
                        .setParameter(1, topic)
                        .setParameter(2, key)
                        .setParameter(3, channel)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Announces a change through {@code client}: when its transaction commits if it is a transaction's connection,
     * at once if it is a pool.
     */
    public Uni<Void> announce(SqlClient client, String topic, String key) {
        return client.preparedQuery(CLIENT_ANNOUNCE)
                .execute(Tuple.of(topic, key, channel(topic)))
                .replaceWithVoid();
    }

    /** Calls {@code onChange} with each key announced in {@code topic}, and {@code onResync} after each (re)connect. */
    public synchronized void subscribe(String topic, Consumer<String> onChange, Runnable onResync) {
        String channel = channel(topic);
        subscriptions.add(new Subscription(topic, onChange, onResync));
        boolean connect = subscriber == null;
        if (connect) {
            subscriber = PgSubscriber.subscriber(vertx, options)
                    .reconnectPolicy(retries -> Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(retries, 6)));
            PgSubscriber opened = subscriber;
            subscriber.closeHandler(() -> {
                if (!opened.closed()) {
                    LOG.warn("The change feed connection closed; reconnecting");
                }
            });
        }
        subscriber
                .channel(channel)
                .subscribeHandler(onResync)
                .handler(onChange)
                .exceptionHandler(failure -> LOG.warnf("Change feed %s failed: %s", topic, failure.getMessage()));
        if (connect) {
            subscriber
                    .connect()
                    .subscribe()
                    .with(
                            ok -> LOG.debug("Change feed connected"),
                            failure -> LOG.errorf(
                                    "The change feed cannot connect yet (%s); retrying", failure.getMessage()));
        }
    }

    /** Calls every {@code onChange} subscribed to {@code topic} with {@code key}, as a notification would. */
    void deliver(String topic, String key) {
        for (Subscription subscription : subscriptions) {
            if (subscription.topic().equals(topic)) {
                run(() -> subscription.onChange().accept(key), topic);
            }
        }
    }

    /** Calls every {@code onResync}, as a reconnection would: changes may have been missed. */
    void resyncAll() {
        for (Subscription subscription : subscriptions) {
            run(subscription.onResync(), subscription.topic());
        }
    }

    private static void run(Runnable callback, String topic) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Change feed %s: a subscriber failed", topic);
        }
    }

    /** Closes the listening connection; subscriptions stop. */
    public synchronized Uni<Void> close() {
        PgSubscriber current = subscriber;
        subscriber = null;
        subscriptions.clear();
        return current == null ? Uni.createFrom().voidItem() : current.close();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            // The shutdown thread serves no requests; waiting keeps the embedded database, stopped last, from
            // closing this connection under a live subscriber that would then try to reconnect.
            close().subscribeAsCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Shutting down anyway: a listener that did not close in time dies with the process.
        }
    }

    private static String channel(String topic) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("A change-feed topic is lowercase letters, digits and _: " + topic);
        }
        return "tollgate_" + topic;
    }
}
