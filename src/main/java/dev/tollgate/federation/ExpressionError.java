package dev.tollgate.federation;

/**
 * A CEL expression that does not compile or breaks a limit: which mapping key (or {@code attributeCondition}),
 * the CEL message and the 1-based position in that expression (0 when the error is not tied to one).
 */
public record ExpressionError(String key, String message, int line, int column) {

    public String describe() {
        return line > 0 ? key + ": " + message + " (line " + line + ", column " + column + ")" : key + ": " + message;
    }
}
