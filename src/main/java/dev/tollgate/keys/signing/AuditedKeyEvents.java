package dev.tollgate.keys.signing;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every rotation step goes to the audit log in the step's own transaction. The rotator acts for the server, so
 * the entries carry principal {@code system:key-rotator} and are shown in the bootstrap organization's log,
 * whose admins run the server.
 */
@ApplicationScoped
public class AuditedKeyEvents implements KeyEvents {

    private static final Logger LOG = Logger.getLogger(AuditedKeyEvents.class);
    static final String PRINCIPAL = "system:key-rotator";

    private final AuditLog audit;
    private final String serverScope;

    public AuditedKeyEvents(AuditLog audit, TollgateConfig config) {
        this.audit = audit;
        this.serverScope = "organizations/" + config.bootstrap().organization();
    }

    @Override
    public Uni<Void> record(KeyEvent event, SqlClient tx) {
        LOG.infof("Key %s of key set %s: %s", event.kid(), event.keySet(), event.kind());
        AuditEvent entry = new AuditEvent(
                PRINCIPAL,
                null,
                "RotateKey." + event.kind(),
                "keySets/" + event.keySet() + "/keys/" + event.kid(),
                "OK",
                List.of(serverScope),
                Map.of(
                        "publishTime", String.valueOf(event.times().publishAt()),
                        "activateTime", String.valueOf(event.times().activateAt()),
                        "retireTime", String.valueOf(event.times().retireAt()),
                        "deleteTime", String.valueOf(event.times().deleteAt())));
        return audit.record(tx, entry);
    }
}
