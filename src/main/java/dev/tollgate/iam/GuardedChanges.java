package dev.tollgate.iam;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.hierarchy.Hierarchy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The one way a service changes something for a caller (docs/architecture.md "Guarded changes"): authorize the
 * caller, who is passed explicitly → make the change → audit it, all in the caller's transaction, so that a change is
 * never committed without its entry. Services keep their rules and repositories; this holds the permission check and
 * the audit entry they share.
 */
@ApplicationScoped
public class GuardedChanges {

    private final Authorizer authorizer;
    private final Hierarchy hierarchy;
    private final AuditLog audit;

    public GuardedChanges(Authorizer authorizer, Hierarchy hierarchy, AuditLog audit) {
        this.authorizer = authorizer;
        this.hierarchy = hierarchy;
        this.audit = audit;
    }

    /** What the audit log says of a change: shown in the logs of {@code shownUnder} and its ancestors. */
    public record Change(String method, String target, String shownUnder, Map<String, Object> details) {

        public Change {
            details = Map.copyOf(details);
        }

        public static Change of(String method, String target, String shownUnder) {
            return new Change(method, target, shownUnder, Map.of());
        }
    }

    /** PERMISSION_DENIED unless {@code caller} holds {@code permission} on {@code resource}. */
    public Uni<Void> require(Caller caller, String resource, String permission) {
        return authorizer.check(caller, resource, permission);
    }

    /** Records {@code change} by {@code caller} in the current transaction. */
    public Uni<Void> record(Caller caller, Change change) {
        return hierarchy.lineageNames(change.shownUnder()).chain(within -> record(caller, change, within));
    }

    /**
     * Records {@code change} by {@code caller}, shown within the lineage {@code within} (nearest first) given by the
     * caller: for the hierarchy's own changes, whose lineage the committed-state cache cannot read yet (a node
     * created in this transaction) or any longer (one deleted in it).
     */
    public Uni<Void> record(Caller caller, Change change, List<String> within) {
        return audit.record(AuditEvent.ok(caller.member(), change.method(), change.target(), within)
                .withDetails(change.details()));
    }
}
