package dev.tollgate.support;

/**
 * The database cannot be reached: a connection attempt failed or timed out, or none was made because the connection
 * circuit is open ({@link DatabaseCircuit}). Carries no stack trace: it is an expected condition, not a bug.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message) {
        super(message, null, false, false);
    }
}
