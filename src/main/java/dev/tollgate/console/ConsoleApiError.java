package dev.tollgate.console;

import java.util.List;

/**
 * A {@code /v1} answer other than 2xx, as the console shows it in the page: the google.rpc.Status {@code status} and
 * {@code message}, and the fields a {@code BadRequest} detail names (CEL errors carry line and column there).
 */
public class ConsoleApiError extends RuntimeException {

    private final int httpStatus;
    private final String status;
    private final List<String> fieldViolations;

    public ConsoleApiError(int httpStatus, String status, String message, List<String> fieldViolations) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.status = status;
        this.fieldViolations = List.copyOf(fieldViolations);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String status() {
        return status;
    }

    public List<String> fieldViolations() {
        return fieldViolations;
    }

    /** One line for the page: the status and the server's message, then each field violation. */
    public String describe() {
        StringBuilder text = new StringBuilder(status).append(": ").append(getMessage());
        fieldViolations.forEach(violation -> text.append(" — ").append(violation));
        return text.toString();
    }
}
