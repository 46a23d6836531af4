package dev.tollgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.JsonText;
import dev.tollgate.support.RequestInfo;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The audit log. Mutations are recorded with {@link #record} inside their own transaction (no change without its
 * record, no record without its change). Credentials issued on the token path and the credentials API are recorded
 * with {@link #recordDurably}: the answer waits until the entry has committed (group commit, {@link AuditWriter}),
 * and a credential whose entry cannot be written is refused. Refusals of known callers use {@link #recordRefusal}.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditRepository repository;
    private final AuditWriter writer;
    private final Clock clock;
    private final ObjectMapper json;
    private final RequestInfo requestInfo;
    private final ManagedContext requestScope;

    public AuditLog(
            AuditRepository repository, AuditWriter writer, Clock clock, ObjectMapper json, RequestInfo requestInfo) {
        this.repository = repository;
        this.writer = writer;
        this.clock = clock;
        this.json = json;
        this.requestInfo = requestInfo;
        this.requestScope = Arc.container().requestContext();
    }

    /** Records {@code event} in the caller's current transaction. */
    public Uni<Void> record(AuditEvent event) {
        return repository.persist(entity(row(event))).replaceWithVoid();
    }

    /**
     * Records {@code event} through {@code tx}, for work that runs on a plain SQL transaction instead of a Hibernate
     * session (key rotation): the record commits or rolls back with it.
     */
    public Uni<Void> record(SqlClient tx, AuditEvent event) {
        AuditWriter.Row row = row(event);
        return tx.preparedQuery(
                        "INSERT INTO audit_log (timestamp, principal, attributed_user, method, resource, result,"
                                + " caller_ip, user_agent, request_id, within, details)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.from(List.of(
                        row.timestamp().atOffset(ZoneOffset.UTC),
                        row.principal(),
                        row.attributedUser() == null ? "" : row.attributedUser(),
                        row.method(),
                        row.resource(),
                        row.result(),
                        row.callerIp(),
                        row.userAgent(),
                        row.requestId(),
                        row.within().toArray(String[]::new),
                        row.details())))
                .replaceWithVoid();
    }

    /**
     * Queues {@code event} at once (even if the answer is never subscribed to) and completes when it has committed;
     * fails with {@link AuditUnavailableException} when it cannot be written, so the caller refuses its request.
     */
    public Uni<Void> recordDurably(AuditEvent event) {
        return writer.submit(row(event), true);
    }

    /**
     * Records a refusal of a known caller: waits for the write like {@link #recordDurably} but never fails (the
     * refusal is answered either way; a lost entry is counted in the writer's metrics), and uses at most half of
     * the writer's queue, so refusals cannot crowd out issued credentials.
     */
    public Uni<Void> recordRefusal(AuditEvent event) {
        return writer.submit(row(event), false).onFailure().recoverWithNull();
    }

    private AuditWriter.Row row(AuditEvent event) {
        RequestInfo request = currentRequest();
        return new AuditWriter.Row(
                clock.instant(),
                event.principal(),
                event.attributedUser(),
                event.method(),
                event.resource(),
                event.result(),
                request == null ? "" : request.callerIp(),
                request == null ? "" : request.userAgent(),
                request == null ? "" : request.requestId(),
                List.copyOf(event.within()),
                details(event));
    }

    private static AuditEntryEntity entity(AuditWriter.Row row) {
        AuditEntryEntity entry = new AuditEntryEntity();
        entry.timestamp = row.timestamp();
        entry.principal = row.principal();
        entry.attributedUser = row.attributedUser();
        entry.method = row.method();
        entry.resource = row.resource();
        entry.result = row.result();
        entry.within = row.within().toArray(String[]::new);
        entry.details = row.details();
        entry.requestId = row.requestId();
        entry.callerIp = row.callerIp();
        entry.userAgent = row.userAgent();
        return entry;
    }

    /** JSON text of the details; written by hand (one per issued token), Jackson only for other value types. */
    private String details(AuditEvent event) {
        Map<String, Object> details = event.details() == null ? Map.of() : event.details();
        if (JsonText.writable(details)) {
            StringBuilder out = new StringBuilder(128);
            JsonText.value(out, details);
            return out.toString();
        }
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    /** The request's own instance: one scope lookup, where each call through the client proxy makes one. */
    private RequestInfo currentRequest() {
        return requestScope.isActive() ? ClientProxy.unwrap(requestInfo) : null;
    }
}
