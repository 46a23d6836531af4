package dev.tollgate.web;

import dev.tollgate.support.DatabaseUnavailableException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Recognises a failure that means "the database cannot be reached" ({@link DatabaseUnavailableException#explains}),
 * so that it is answered 503
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
        return DatabaseUnavailableException.explains(failure);
    }

    /** Logs {@code failure}'s message (no stack trace) at most once per interval. */
    static void log(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = LAST_LOG.get();
        if (now - last >= LOG_INTERVAL_MS && LAST_LOG.compareAndSet(last, now)) {
            LOG.warnf(
                    "The database is unreachable (%s); answering 503 UNAVAILABLE with Retry-After: %d"
                            + " (logged at most every %d s)",
                    DatabaseUnavailableException.rootMessage(failure), RETRY_AFTER_SECONDS, LOG_INTERVAL_MS / 1000);
        }
    }
}
