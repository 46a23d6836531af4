package dev.tollgate.support;

import dev.tollgate.support.cache.CacheConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Delivers what {@link ChangeFeed#announce} wrote to table {@code change_log} to this replica's subscribers every
 * {@code tollgate.cache.change-poll}, so that a change whose notification was lost (the listening connection was down,
 * or the notification was dropped) still reaches every cache within one poll interval.
 *
 * <p>Each poll is one statement: it reads the rows logged since the previous poll's start minus {@link #OVERLAP}, by
 * the database clock, and deletes rows older than {@code tollgate.cache.change-log-retention}. A row is stamped when
 * it is announced but becomes visible when its transaction commits, possibly after rows stamped later; re-reading the
 * overlap finds it, on the assumption that a transaction commits within {@link #OVERLAP} of its announcement
 * (Tollgate's writes last milliseconds to a few seconds). A row is delivered once (by id), though its notification may
 * deliver it too. When no poll got through for longer than the log keeps rows, every subscriber resyncs as after a
 * reconnect.
 */
@ApplicationScoped
public class ChangeLog {

    static final Duration OVERLAP = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(ChangeLog.class);

    private final Pool pool;
    private final ChangeFeed feed;
    private final Duration retention;
    private final String pollStatement;
    /** Ids delivered that the next poll may read again → when they were logged. */
    private final Map<Long, OffsetDateTime> delivered = new ConcurrentHashMap<>();

    private volatile OffsetDateTime lastPolledAt;
    private volatile boolean outage;
    private volatile boolean stopped;

    @Inject
    public ChangeLog(Pool pool, ChangeFeed feed, CacheConfig config) {
        this(pool, feed, config.changeLogRetention(), config.changePoll());
    }

    ChangeLog(Pool pool, ChangeFeed feed, Duration retention, Duration changePoll) {
        if (retention.compareTo(OVERLAP.plus(changePoll.multipliedBy(2))) < 0) {
            throw new ConfigurationException("tollgate.cache.change-log-retention (" + retention
                    + ") must be at least " + OVERLAP.toSeconds() + "s plus twice tollgate.cache.change-poll ("
                    + changePoll + "): a replica re-reads the last " + OVERLAP.toSeconds() + "s on every poll");
        }
        this.pool = pool;
        this.feed = feed;
        this.retention = retention;
        // The outer join answers one row (the poll's time) when nothing changed; the CTE's delete runs regardless.
        this.pollStatement = ("WITH pruned AS (DELETE FROM change_log WHERE id IN (SELECT id FROM change_log"
                        + " WHERE changed_at < now() - interval '%d seconds' FOR UPDATE SKIP LOCKED))"
                        + " SELECT now() AS polled_at, c.id, c.topic, c.key, c.changed_at FROM (SELECT 1) AS one"
                        + " LEFT JOIN change_log c ON c.changed_at > COALESCE($1, now()) - interval '%d seconds'"
                        + " ORDER BY c.id")
                .formatted(retention.toSeconds(), OVERLAP.toSeconds());
    }

    @Scheduled(
            every = "${tollgate.cache.change-poll}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledPoll() {
        return poll();
    }

    /** Delivers the changes logged since the previous poll; never fails (a failure is logged, see below). */
    public Uni<Void> poll() {
        if (stopped) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(pollStatement)
                .execute(Tuple.of(lastPolledAt))
                .invoke(this::deliver)
                .onFailure()
                .invoke(this::failed)
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Tests: the previous poll's time (database clock), as though no poll had got through since then. */
    void lastPolledAt(OffsetDateTime at) {
        lastPolledAt = at;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void deliver(RowSet<Row> rows) {
        OffsetDateTime polledAt = null;
        for (Row row : rows) {
            polledAt = row.getOffsetDateTime("polled_at");
            Long id = row.getLong("id");
            if (id != null && delivered.putIfAbsent(id, row.getOffsetDateTime("changed_at")) == null) {
                feed.deliver(row.getString("topic"), row.getString("key"));
            }
        }
        OffsetDateTime previous = lastPolledAt;
        lastPolledAt = polledAt;
        OffsetDateTime nextSince = polledAt.minus(OVERLAP);
        delivered.values().removeIf(loggedAt -> !loggedAt.isAfter(nextSince));
        if (outage) {
            outage = false;
            LOG.info("Change log polling resumed");
        }
        if (previous != null && polledAt.isAfter(previous.plus(retention.minus(OVERLAP)))) {
            LOG.warnf("No change-log poll got through since %s; every cache reloads its entries on next use", previous);
            feed.resyncAll();
        }
    }

    /** An outage is logged once, when a poll first meets it; anything else on every poll. */
    private void failed(Throwable failure) {
        if (stopped) {
            return;
        }
        if (!DatabaseUnavailableException.explains(failure)) {
            LOG.warnf("Could not poll the change log: %s", DatabaseUnavailableException.rootMessage(failure));
        } else if (!outage) {
            outage = true;
            LOG.warnf(
                    "Change log polling paused: the database is unreachable (%s); caches keep serving what they hold",
                    DatabaseUnavailableException.rootMessage(failure));
        } else {
            LOG.debugf("Change log polling still paused: %s", DatabaseUnavailableException.rootMessage(failure));
        }
    }
}
