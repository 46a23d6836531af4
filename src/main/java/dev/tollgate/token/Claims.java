package dev.tollgate.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.JsonText;
import java.util.Map;

/** JSON of a claims set. */
final class Claims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Claims() {}

    static String json(Map<String, Object> claims) {
        if (JsonText.writable(claims)) {
            StringBuilder out = new StringBuilder(512);
            JsonText.value(out, claims);
            return out.toString();
        }
        try {
            return JSON.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A claim value is not JSON-serialisable", e);
        }
    }
}
