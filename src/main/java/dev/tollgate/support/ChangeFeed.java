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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cross-replica cache invalidation over PostgreSQL LISTEN/NOTIFY.
 *
 * <p>A writer calls {@link #announce} inside the transaction that changed something; PostgreSQL delivers the
 * notification to every replica only when that transaction commits, and never when it rolls back. A cache calls
 * {@link #subscribe} once: {@code onChange} gets the announced key, {@code onResync} runs after every (re)connection
 * of the listening connection, because notifications sent while it was down are lost: the cache must then re-read
 * everything. Both callbacks run on the event loop and must not block (start a {@code Uni} and subscribe to it).
 * Delivery is at most once and may be delayed, so caches also reload periodically.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
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
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT CAST(pg_notify(?1, ?2) AS text)", String.class)
                        .setParameter(1, channel(topic))
                        .setParameter(2, key)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Announces a change through {@code client}: when its transaction commits if it is a transaction's connection,
     * at once if it is a pool.
     */
    public Uni<Void> announce(SqlClient client, String topic, String key) {
        return client.preparedQuery("SELECT CAST(pg_notify($1, $2) AS text)")
                .execute(Tuple.of(channel(topic), key))
                .replaceWithVoid();
    }

    /** Calls {@code onChange} with each key announced in {@code topic}, and {@code onResync} after each (re)connect. */
    public synchronized void subscribe(String topic, Consumer<String> onChange, Runnable onResync) {
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
                .channel(channel(topic))
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

    /** Closes the listening connection; subscriptions stop. */
    public synchronized Uni<Void> close() {
        PgSubscriber current = subscriber;
        subscriber = null;
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
