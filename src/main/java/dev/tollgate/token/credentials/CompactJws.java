package dev.tollgate.token.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/** Reads the {@code kid} back out of a JWS this server just signed (RFC 7515 §7.1). */
final class CompactJws {

    private CompactJws() {}

    static String keyId(ObjectMapper json, String jws) {
        String header = jws.substring(0, jws.indexOf('.'));
        try {
            return json.readTree(Base64.getUrlDecoder().decode(header))
                    .path("kid")
                    .asText();
        } catch (IOException e) {
            throw new IllegalStateException("A JWS signed here has an unreadable header", e);
        }
    }
}
