package dev.tollgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;

/** Reads a JWT's unverified {@code iss} to route it to the authenticator that can verify it. */
public final class JwtPeek {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 16 * 1024;

    private JwtPeek() {}

    public static Optional<String> issuer(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(first + 1, second)));
            JsonNode iss = payload.get("iss");
            return iss != null && iss.isTextual() ? Optional.of(iss.asText()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
