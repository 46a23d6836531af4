package dev.tollgate.support.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a JWT's unverified {@code iss} (no I/O, no signature) to route it to the authenticator that can verify it:
 * the users' identity provider or the server's own tokens. Never a basis for trust.
 */
public final class JwtPeek {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 16 * 1024;

    private JwtPeek() {}

    /** The {@code iss} string of a three-part token of at most 16 KiB; empty for anything else. */
    public static Optional<String> issuer(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
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
