package dev.tollgate.federation;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An attribute mapping or condition refused when a provider is saved; becomes 400 INVALID_ARGUMENT. */
public class InvalidExpressionException extends RuntimeException {

    private final List<ExpressionError> errors;

    public InvalidExpressionException(List<ExpressionError> errors) {
        super(errors.stream().map(ExpressionError::describe).collect(Collectors.joining("; ")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<ExpressionError> errors() {
        return errors;
    }

    /** google.rpc.BadRequest details with one field violation per error. */
    public ApiException toApiException() {
        List<Map<String, Object>> violations = errors.stream()
                .map(error -> Map.<String, Object>of("field", field(error.key()), "description", error.describe()))
                .toList();
        return new ApiException(
                RpcStatus.INVALID_ARGUMENT,
                getMessage(),
                List.of(Map.of("@type", "type.googleapis.com/google.rpc.BadRequest", "fieldViolations", violations)));
    }

    private static String field(String key) {
        return "attributeCondition".equals(key) ? key : "attributeMapping[\"" + key + "\"]";
    }
}
