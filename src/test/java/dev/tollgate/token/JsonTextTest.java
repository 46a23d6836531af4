package dev.tollgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.JsonText;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of claims and token responses is exactly what Jackson writes for the same values. */
class JsonTextTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void claimsWhenStringsNeedEscapingThenSameTextAsJackson() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://tollgate.example/");
        claims.put("sub", "quote\" backslash\\ slash/ tab\t newline\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f");
        claims.put("email", "ünïcødé-😀@example.com");
        claims.put("aud", List.of("a", "b\"c"));
        claims.put("exp", 1_900_000_000L);
        claims.put("n", 7);
        claims.put("ok", true);
        claims.put("act", Map.of("sub", "user:alice@example.com"));
        claims.put("nested", Map.of("groups", List.of(Map.of("x", List.of()))));
        claims.put("none", null);
        assertEquals(JACKSON.writeValueAsString(claims), Claims.json(claims));
    }

    @Test
    void claimsWhenValueNotPlainThenStillSerialised() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("ratio", 0.5);
        claims.put("lifetime", Duration.ofSeconds(3).toSeconds());
        assertFalse(JsonText.writable(Map.of("ratio", 0.5)));
        assertEquals(JACKSON.writeValueAsString(claims), Claims.json(claims));
    }

    @Test
    void tokenResponseWhenSerialisedThenSameTextAsJackson() throws Exception {
        TokenResponse full = TokenResponse.accessToken(
                new MintedToken("a.b.c", Instant.EPOCH, "j"),
                3600,
                "https://www.googleapis.com/auth/cloud-platform \"x\"");
        TokenResponse noScope = TokenResponse.accessToken(new MintedToken("a.b.c", Instant.EPOCH, "j"), 60, "");
        TokenResponse idOnly = TokenResponse.idTokenOnly(new MintedToken("x.y.z", Instant.EPOCH, "j"));
        for (TokenResponse response : List.of(full, noScope, idOnly)) {
            assertEquals(JACKSON.writeValueAsString(response), response.json());
        }
    }
}
