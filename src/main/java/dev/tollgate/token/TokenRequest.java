package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one token request (RFC 6749 §3.2), as sent: form fields, or the JSON fields of {@code /v1/token}
 * under their snake_case names.
 *
 * @param authorizationHeader the raw {@code Authorization} header, for HTTP Basic client authentication
 */
public record TokenRequest(Map<String, List<String>> parameters, Optional<String> authorizationHeader) {

    public TokenRequest {
        parameters = Map.copyOf(parameters);
    }

    /**
     * The parameter's value; empty when absent or sent without a value (RFC 6749 §3.1); {@code invalid_request}
     * when sent more than once (RFC 6749 §3.2).
     */
    public Optional<String> single(String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw OAuthException.invalidRequest(
                    "Parameter '" + name + "' was sent " + values.size() + " times; send it once.");
        }
        return values.stream()
                .filter(value -> value != null && !value.isEmpty())
                .findFirst();
    }

    /** The parameter's value; {@code invalid_request} naming it when missing, empty or repeated. */
    public String required(String name) {
        return single(name)
                .orElseThrow(() -> OAuthException.invalidRequest("Missing required parameter '" + name + "'."));
    }
}
