package dev.tollgate.keys;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Key events to the log, until the audit log provides a {@link KeyEvents} bean (which then replaces this one). */
@DefaultBean
@ApplicationScoped
public class LoggingKeyEvents implements KeyEvents {

    private static final Logger LOG = Logger.getLogger(LoggingKeyEvents.class);

    @Override
    public Uni<Void> record(KeyEvent event, SqlClient tx) {
        LOG.infof("Key %s of key set %s: %s (publish %s, activate %s, retire %s, delete %s)", event.kid(),
                event.keySet(), event.kind(), event.times().publishAt(), event.times().activateAt(),
                event.times().retireAt(), event.times().deleteAt());
        return Uni.createFrom().voidItem();
    }
}
