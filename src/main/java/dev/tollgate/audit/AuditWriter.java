package dev.tollgate.audit;

import dev.tollgate.support.DatabaseUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Group commit of audit entries: a bounded queue written by one multi-row INSERT at a time. Each submitter gets a
 * {@link Uni} that completes when the INSERT holding its entry has committed. A batch closes when the previous INSERT
 * finishes (or at {@code batch-size}), so under load batches grow and no timer adds delay.
 *
 * <p>Rows are plain SQL with database-generated ids and a key per entry fixed at submission: a retried INSERT whose
 * first attempt did commit adds nothing ({@code ON CONFLICT DO NOTHING}), and a failed batch never affects the next.
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    static final String INSERT = "INSERT INTO audit_log (entry_key, timestamp, principal, attributed_user, method,"
            + " resource, result, caller_ip, user_agent, request_id, within, details)"
            + " SELECT k, t, p, u, m, r, res, ip, ua, rid, w::varchar[], d FROM unnest($1::uuid[], $2::timestamptz[],"
            + " $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],"
            + " $11::text[], $12::text[]) AS x(k, t, p, u, m, r, res, ip, ua, rid, w, d)"
            + " ON CONFLICT (entry_key) DO NOTHING";

    /** One audit row, as it will be inserted. */
    record Row(
            Instant timestamp,
            String principal,
            String attributedUser,
            String method,
            String resource,
            String result,
            String callerIp,
            String userAgent,
            String requestId,
            List<String> within,
            String details) {}

    private record Pending(UUID key, Row row, Instant queuedAt, CompletableFuture<Void> done, Context context) {}

    private final Pool pool;
    private final AuditConfig config;
    private final Clock clock;
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Counter written;
    private final Counter failed;
    private final Counter dropped;
    private final DistributionSummary batches;
    private volatile List<Pending> inFlight = List.of();
    private volatile boolean accepting = true;
    private volatile Instant failingSince;
    private volatile Instant lastWarning = Instant.MIN;
    private volatile CompletableFuture<Void> idle;

    public AuditWriter(Pool pool, AuditConfig config, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.written = Counter.builder("tollgate.audit.written")
                .description("Audit entries committed")
                .register(registry);
        this.failed = Counter.builder("tollgate.audit.failed")
                .description("Audit entries whose batch failed every attempt (their requests were refused)")
                .register(registry);
        this.dropped = Counter.builder("tollgate.audit.dropped")
                .description("Audit entries not accepted because the queue was full or the writer stopping")
                .register(registry);
        this.batches = DistributionSummary.builder("tollgate.audit.batch.rows")
                .description("Rows per INSERT of the audit writer (group commit at work)")
                .register(registry);
        Gauge.builder("tollgate.audit.queued", this, AuditWriter::queued)
                .description("Audit entries waiting or being written")
                .register(registry);
        Gauge.builder(
                        "tollgate.audit.oldest.age.seconds",
                        this,
                        writer -> writer.oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest audit entry not yet written")
                .register(registry);
    }

    /**
     * Queues {@code row} now and answers when it is durable, or fails with {@link AuditUnavailableException}.
     * {@code essential} entries (credentials issued) may fill the queue; others (refusals) only half of it, so a
     * flood of refusals never blocks issuance.
     */
    Uni<Void> submit(Row row, boolean essential) {
        int limit = essential ? config.queueCapacity() : config.queueCapacity() / 2;
        Pending pending =
                new Pending(UUID.randomUUID(), row, clock.instant(), new CompletableFuture<>(), Vertx.currentContext());
        if (!accepting) {
            dropped.increment();
            return Uni.createFrom().failure(new AuditUnavailableException("The server is shutting down."));
        }
        if (queue.size() >= limit || !queue.offer(pending)) {
            dropped.increment();
            return Uni.createFrom()
                    .failure(new AuditUnavailableException("The audit log is not keeping up; retry shortly."));
        }
        kick();
        return Uni.createFrom().completionStage(pending.done());
    }

    int queued() {
        return queue.size() + inFlight.size();
    }

    /** How long the oldest entry not yet written has waited; zero when none waits. */
    Duration oldestAge() {
        List<Pending> writing = inFlight;
        Pending oldest = writing.isEmpty() ? queue.peek() : writing.get(0);
        return oldest == null ? Duration.ZERO : Duration.between(oldest.queuedAt(), clock.instant());
    }

    /** Since when every write has failed; empty while writes succeed. */
    Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    private void kick() {
        if (flushing.compareAndSet(false, true)) {
            flushNext();
        }
    }

    private void flushNext() {
        List<Pending> batch = new ArrayList<>();
        queue.drainTo(batch, config.batchSize());
        if (batch.isEmpty()) {
            inFlight = List.of();
            flushing.set(false);
            if (!queue.isEmpty()) {
                kick();
            } else if (idle != null) {
                idle.complete(null);
            }
            return;
        }
        inFlight = batch;
        batches.record(batch.size());
        write(batch)
                .subscribe()
                .with(
                        ignored -> {
                            succeeded(batch);
                            flushNext();
                        },
                        failure -> {
                            failed(batch, failure);
                            flushNext();
                        });
    }

    private Uni<Void> write(List<Pending> batch) {
        return Uni.createFrom()
                .deferred(() -> pool.preparedQuery(INSERT).execute(tuple(batch)))
                .ifNoItem()
                .after(config.writeTimeout())
                .fail()
                .onFailure(AuditWriter::worthRetrying)
                .retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofMillis(500))
                .atMost(Math.max(0, config.writeAttempts() - 1))
                .replaceWithVoid();
    }

    private void succeeded(List<Pending> batch) {
        written.increment(batch.size());
        if (failingSince != null) {
            LOG.infof("Audit writes succeed again (failing since %s)", failingSince);
            failingSince = null;
        }
        batch.forEach(pending -> complete(pending, null));
    }

    private void failed(List<Pending> batch, Throwable failure) {
        failed.increment(batch.size());
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        if (Duration.between(lastWarning, now).compareTo(LOG_EVERY) >= 0) {
            lastWarning = now;
            LOG.warnf(
                    "Could not write %d audit entries after %d attempts (%s); their requests are refused",
                    batch.size(), config.writeAttempts(), describe(failure));
        }
        AuditUnavailableException refused =
                new AuditUnavailableException("The audit log cannot be written; retry shortly.");
        batch.forEach(pending -> complete(pending, refused));
    }

    private static void complete(Pending pending, Throwable failure) {
        Runnable completion = failure == null
                ? () -> pending.done().complete(null)
                : () -> pending.done().completeExceptionally(failure);
        if (pending.context() != null) {
            pending.context().runOnContext(ignored -> completion.run());
        } else {
            completion.run();
        }
    }

    /**
     * While writes fail and nothing waits, tries the INSERT with no rows every second, so that readiness comes back
     * by itself when a replica that receives no traffic can write again.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        if (failingSince == null || flushing.get()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(INSERT)
                .execute(tuple(List.of()))
                .ifNoItem()
                .after(config.writeTimeout())
                .fail()
                .invoke(ignored -> {
                    if (failingSince != null && !flushing.get()) {
                        LOG.infof("Audit writes succeed again (failing since %s)", failingSince);
                        failingSince = null;
                    }
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Stops accepting and writes what is held, for at most {@code shutdown-timeout}; what is left is counted in the
     * log. Runs before the embedded database stops (whose observer runs last).
     */
    void drainOnShutdown(@Observes ShutdownEvent event) {
        accepting = false;
        idle = new CompletableFuture<>();
        if (queued() == 0 && !flushing.get()) {
            return;
        }
        int held = queued();
        kick();
        try {
            idle.get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Audit writer stopped; %d entries written at shutdown", held);
        } catch (TimeoutException | ExecutionException e) {
            List<Pending> left = new ArrayList<>();
            queue.drainTo(left);
            AuditUnavailableException refused = new AuditUnavailableException("The server is shutting down.");
            left.forEach(pending -> complete(pending, refused));
            LOG.warnf(
                    "Audit writer stopped after %s with %d entries not written (%d still in the last INSERT)",
                    config.shutdownTimeout(), left.size() + inFlight.size(), inFlight.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Tuple tuple(List<Pending> batch) {
        int n = batch.size();
        UUID[] keys = new UUID[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[][] text = new String[10][n];
        for (int i = 0; i < n; i++) {
            Pending pending = batch.get(i);
            Row row = pending.row();
            keys[i] = pending.key();
            times[i] = row.timestamp().atOffset(ZoneOffset.UTC);
            text[0][i] = row.principal();
            text[1][i] = row.attributedUser();
            text[2][i] = row.method();
            text[3][i] = row.resource();
            text[4][i] = row.result();
            text[5][i] = row.callerIp();
            text[6][i] = row.userAgent();
            text[7][i] = row.requestId();
            text[8][i] = arrayLiteral(row.within());
            text[9][i] = row.details();
        }
        List<Object> values = new ArrayList<>(List.of(keys, times));
        values.addAll(List.of((Object[]) text));
        return Tuple.from(values);
    }

    /** A PostgreSQL array literal with every element quoted, so no resource name can change its shape. */
    static String arrayLiteral(List<String> elements) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"')
                    .append(elements.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return literal.append('}').toString();
    }

    /** A write refused by the open database circuit fails at once: retrying it would only hold its requests. */
    private static boolean worthRetrying(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
