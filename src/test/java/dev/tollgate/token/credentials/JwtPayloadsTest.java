package dev.tollgate.token.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JwtPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration MAX = Duration.ofHours(12);
    private static final Duration DEFAULT = Duration.ofHours(1);

    @Test
    void claimsWhenExpMissingThenNowPlusDefaultAndOtherClaimsKeptInOrder() {
        String claims = JwtPayloads.claims(JSON, "{\"iss\":\"a\",\"n\":{\"x\":[1]}}", NOW, MAX, DEFAULT);

        assertEquals(
                "{\"iss\":\"a\",\"n\":{\"x\":[1]},\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"iat\":"
                        + NOW.getEpochSecond() + "}",
                claims);
    }

    @Test
    void claimsWhenExpExactlyAtLimitThenKept() {
        long exp = NOW.plus(MAX).getEpochSecond();

        assertEquals(
                "{\"exp\":" + exp + ",\"iat\":1}",
                JwtPayloads.claims(JSON, "{\"exp\":" + exp + ",\"iat\":1}", NOW, MAX, DEFAULT));
    }

    @Test
    void claimsWhenIatMissingThenNowAndWhenPresentThenCallersKept() {
        assertEquals(
                "{\"exp\":1,\"iat\":" + NOW.getEpochSecond() + "}",
                JwtPayloads.claims(JSON, "{\"exp\":1}", NOW, MAX, DEFAULT));
        assertEquals(
                "{\"iat\":1700000000,\"exp\":1}",
                JwtPayloads.claims(JSON, "{\"iat\":1700000000,\"exp\":1}", NOW, MAX, DEFAULT));
    }

    @Test
    void claimsWhenExpOneSecondBeyondLimitThenInvalidArgument() {
        long exp = NOW.plus(MAX).getEpochSecond() + 1;

        assertInvalid("{\"exp\":" + exp + "}");
        assertInvalid("{\"exp\":" + exp + ".5}");
    }

    @Test
    void claimsWhenNotAJsonObjectThenInvalidArgument() {
        assertInvalid(null);
        assertInvalid("  ");
        assertInvalid("{");
        assertInvalid("[]");
        assertInvalid("42");
        assertInvalid("{} {}");
        assertInvalid("{\"exp\":true}");
        assertInvalid("{\"iat\":\"now\"}");
    }

    private static void assertInvalid(String payload) {
        ApiException e = assertThrows(ApiException.class, () -> JwtPayloads.claims(JSON, payload, NOW, MAX, DEFAULT));
        assertEquals(RpcStatus.INVALID_ARGUMENT, e.status());
    }
}
