package dev.tollgate.token.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.support.ApiException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** The claims of a signJwt request (docs/api.md "Credentials API"): a JSON object whose {@code exp} is at most a bounded time ahead. */
final class JwtPayloads {

    private JwtPayloads() {}

    /**
     * The claims to sign: {@code payload} as given, with {@code exp} = now + {@code defaultLifetime} and {@code iat} =
     * now when it has none (verifiers such as Python's {@code google.auth.jwt} require {@code iat}). INVALID_ARGUMENT
     * when it is not a JSON object, {@code exp} or {@code iat} is not a number, or {@code exp} is more than
     * {@code maxLifetime} ahead.
     */
    static String claims(
            ObjectMapper json, String payload, Instant now, Duration maxLifetime, Duration defaultLifetime) {
        ObjectNode claims = object(json, payload);
        JsonNode exp = claims.get("exp");
        long latest = now.plus(maxLifetime).getEpochSecond();
        if (exp == null || exp.isNull()) {
            claims.put("exp", now.plus(defaultLifetime).getEpochSecond());
        } else if (!exp.isNumber()) {
            throw ApiException.invalidArgument(
                    "payload claim exp must be a number of seconds since the epoch, not " + exp.getNodeType() + ".");
        } else if (exp.decimalValue().compareTo(BigDecimal.valueOf(latest)) > 0) {
            throw ApiException.invalidArgument("payload claim exp " + exp.asText() + " is more than "
                    + maxLifetime.toSeconds() + "s ahead; the latest allowed now is " + latest + ".");
        }
        JsonNode iat = claims.get("iat");
        if (iat == null || iat.isNull()) {
            claims.put("iat", now.getEpochSecond());
        } else if (!iat.isNumber()) {
            throw ApiException.invalidArgument(
                    "payload claim iat must be a number of seconds since the epoch, not " + iat.getNodeType() + ".");
        }
        try {
            return json.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON object did not serialise", e);
        }
    }

    private static ObjectNode object(ObjectMapper json, String payload) {
        if (payload == null || payload.isBlank()) {
            throw ApiException.invalidArgument("payload is required: the JWT claims as a JSON object in a string.");
        }
        JsonNode node;
        try {
            node = json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(payload);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidArgument(
                    "payload is not valid JSON" + where(e) + "; expected a JSON object of JWT claims.");
        }
        if (!(node instanceof ObjectNode claims)) {
            throw ApiException.invalidArgument(
                    "payload must be a JSON object of JWT claims, not " + node.getNodeType() + ".");
        }
        return claims;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
