package dev.tollgate.web;

import dev.tollgate.support.DatabaseUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Recognises a failure that means "the database cannot be reached" (refused or timed-out connections, a closed
 * connection, a server shutting down) however Hibernate Reactive or Mutiny wrapped it, so that it is answered 503
 * with {@code Retry-After} instead of 500, and logged once per {@link #LOG_INTERVAL_MS} rather than per request.
 */
final class DatabaseOutage {

    /** What clients are told to wait before retrying, in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final long LOG_INTERVAL_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final AtomicLong LAST_LOG = new AtomicLong(Long.MIN_VALUE);

    private DatabaseOutage() {}

    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof ClosedChannelException
                    || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException
                    || cause instanceof DatabaseUnavailableException
                    || unavailableServer(cause)
                    || refusedByVertx(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Logs {@code failure}'s message (no stack trace) at most once per interval. */
    static void log(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = LAST_LOG.get();
        if (now - last >= LOG_INTERVAL_MS && LAST_LOG.compareAndSet(last, now)) {
            LOG.warnf(
                    "The database is unreachable (%s); answering 503 UNAVAILABLE with Retry-After: %d"
                            + " (logged at most every %d s)",
                    rootMessage(failure), RETRY_AFTER_SECONDS, LOG_INTERVAL_MS / 1000);
        }
    }

    /** SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now). */
    private static boolean unavailableServer(Throwable cause) {
        if (!(cause instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String state = pg.getSqlState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    private static boolean refusedByVertx(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof VertxException
                && message != null
                && (message.contains("Connection refused")
                        || message.contains("Connection reset")
                        || message.contains("Pool closed")
                        || message.contains("connection closed"));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
