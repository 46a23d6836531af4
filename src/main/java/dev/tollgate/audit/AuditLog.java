package dev.tollgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.RequestInfo;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * The audit log. Mutations are recorded with {@link #record} inside their own transaction (no change without its
 * record, no record without its change); credentials issued on the token path are recorded with
 * {@link #recordLater}, which batches the writes so a token never waits for the database, and flushes what is
 * buffered on a clean shutdown.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final Clock clock;
    private final ObjectMapper json;
    private final ConcurrentLinkedQueue<AuditEntryEntity> buffer = new ConcurrentLinkedQueue<>();

    public AuditLog(AuditRepository repository, Clock clock, ObjectMapper json) {
        this.repository = repository;
        this.clock = clock;
        this.json = json;
    }

    /** Records {@code event} in the caller's current transaction. */
    public Uni<Void> record(AuditEvent event) {
        return repository.persist(entry(event)).replaceWithVoid();
    }

    /**
     * Records {@code event} through {@code tx}, for work that runs on a plain SQL transaction instead of a Hibernate
     * session (key rotation): the record commits or rolls back with it.
     */
    public Uni<Void> record(SqlClient tx, AuditEvent event) {
        AuditEntryEntity entry = entry(event);
        return tx.preparedQuery("INSERT INTO audit_log (timestamp, principal, attributed_user, method, resource, result,"
                        + " caller_ip, user_agent, request_id, within, details)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.from(List.of(entry.timestamp.atOffset(java.time.ZoneOffset.UTC), entry.principal,
                        entry.attributedUser == null ? "" : entry.attributedUser, entry.method, entry.resource,
                        entry.result, entry.callerIp, entry.userAgent, entry.requestId, entry.within, entry.details)))
                .replaceWithVoid();
    }

    /** Queues {@code event} for the next batch write. */
    public void recordLater(AuditEvent event) {
        buffer.add(entry(event));
    }

    @Scheduled(every = "${tollgate.audit.flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        List<AuditEntryEntity> batch = drain();
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> repository.persist(batch))
                .onFailure().invoke(e -> LOG.errorf(e, "Could not write %d audit entries; they are kept for the next flush", batch.size()))
                .onFailure().invoke(() -> buffer.addAll(batch))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    void flushOnShutdown(@Observes ShutdownEvent event) throws Throwable {
        if (!buffer.isEmpty()) {
            // Shutdown runs outside any event loop, so waiting here blocks nothing that serves requests; Hibernate
            // Reactive needs a Vert.x context, which the shutdown thread does not have.
            VertxContextSupport.subscribeAndAwait(this::flush);
        }
    }

    private List<AuditEntryEntity> drain() {
        List<AuditEntryEntity> batch = new ArrayList<>();
        for (AuditEntryEntity entry; (entry = buffer.poll()) != null; ) {
            batch.add(entry);
        }
        return batch;
    }

    private AuditEntryEntity entry(AuditEvent event) {
        AuditEntryEntity entry = new AuditEntryEntity();
        entry.timestamp = clock.instant();
        entry.principal = event.principal();
        entry.attributedUser = event.attributedUser();
        entry.method = event.method();
        entry.resource = event.resource();
        entry.result = event.result();
        entry.within = event.within().toArray(String[]::new);
        entry.details = details(event);
        RequestInfo request = currentRequest();
        entry.requestId = request == null ? "" : request.requestId();
        entry.callerIp = request == null ? "" : request.callerIp();
        entry.userAgent = request == null ? "" : request.userAgent();
        return entry;
    }

    private String details(AuditEvent event) {
        try {
            return json.writeValueAsString(event.details() == null ? java.util.Map.of() : event.details());
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static RequestInfo currentRequest() {
        return Arc.container().requestContext().isActive() ? Arc.container().instance(RequestInfo.class).get() : null;
    }
}
