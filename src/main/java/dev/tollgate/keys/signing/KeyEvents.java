package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;

/**
 * Where every rotation step is reported: the audit log's hook. Called inside the step's transaction before commit,
 * with that transaction's client, so a record written through {@code tx} commits or rolls back with the step; a
 * failure aborts the step.
 */
public interface KeyEvents {

    enum Kind {
        /** A key was made (PENDING, or ACTIVE at once for a new key set). */
        CREATED,
        /** A late rotator kept a key signing longer so that its successor is published long enough first. */
        RETIREMENT_POSTPONED,
        /** A key had to start signing early because no key was signing (after a fleet-wide outage). */
        ACTIVATION_HURRIED,
        /** A key passed its deletion time, or its key set was removed. */
        DELETED,
        /** A key's data key was re-wrapped under the current master key. */
        REWRAPPED
    }

    record KeyEvent(Kind kind, String keySet, String kid, KeyTimes times, Instant at) {}

    Uni<Void> record(KeyEvent event, SqlClient tx);
}
