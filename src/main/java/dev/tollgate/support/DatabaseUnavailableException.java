package dev.tollgate.support;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * The database cannot be reached: a connection attempt failed or timed out, or none was made because the connection
 * circuit is open ({@link DatabaseCircuit}). Carries no stack trace: it is an expected condition, not a bug.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message) {
        super(message, null, false, false);
    }

    /**
     * Whether {@code failure} means "the database cannot be reached" (refused or timed-out connections, a closed
     * connection, a server shutting down, an open circuit), however Hibernate Reactive or Mutiny wrapped it.
     */
    public static boolean explains(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketException // refused, reset, no route
                    || cause instanceof ClosedChannelException
                    || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException
                    || cause instanceof DatabaseUnavailableException
                    || unavailableServer(cause)
                    || refusedByVertx(cause)
                    || lostByNativeTransport(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause as {@code Class: message}, for a log line without a stack trace. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now). */
    private static boolean unavailableServer(Throwable cause) {
        if (!(cause instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String state = pg.getSqlState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /** Netty's epoll/io_uring transports raise a plain {@link IOException} for a reset socket or a broken pipe. */
    private static boolean lostByNativeTransport(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof IOException
                && message != null
                && (message.contains("Connection reset") || message.contains("Broken pipe"));
    }

    private static boolean refusedByVertx(Throwable cause) {
        String message = cause.getMessage();
        return (cause instanceof io.vertx.core.VertxException || cause instanceof NoStackTraceThrowable)
                && message != null
                && (message.contains("Connection refused")
                        || message.contains("Connection reset")
                        || message.contains("Pool closed")
                        || message.contains("connection closed")
                        || message.contains("Connection is not active now"));
    }
}
