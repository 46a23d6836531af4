package dev.tollgate.audit;

/**
 * An audit entry could not be made durable (database failing, writer full or stopping): the request that needed it
 * is refused with 503, because a credential that cannot be audited is not issued. Carries no stack trace.
 */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message) {
        super(message, null, false, false);
    }
}
