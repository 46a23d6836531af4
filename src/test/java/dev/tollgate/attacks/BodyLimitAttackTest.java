package dev.tollgate.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Threat: a body streamed without {@code Content-Length} (chunked) slips past the 1 MiB limit, which only looked at
 * the declared length, so each request may hold up to the platform's 4 MiB. Chunked bodies over 1 MiB get 413 too.
 */
@QuarkusTest
class BodyLimitAttackTest {

    private static final int TWO_MIB = 2 * 1024 * 1024;

    @Test
    void tokenEndpointWhenChunkedBodyOverOneMibThenRequestEntityTooLarge() throws Exception {
        HttpResponse<String> response = chunked(
                "/oauth2/token",
                "application/x-www-form-urlencoded",
                null,
                "grant_type=client_credentials&scope=",
                TWO_MIB,
                "");
        // The platform refuses while reading, before any filter: a bare 413 (no OAuth body) for chunked bodies.
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void resourceWhenChunkedBodyOverOneMibThenRequestEntityTooLarge() throws Exception {
        HttpResponse<String> response = chunked(
                "/v1/organizations",
                "application/json",
                TestIdentityProviders.users().userToken(Api.ADMIN),
                "{\"orgId\":\"big\",\"displayName\":\"",
                TWO_MIB,
                "\"}");
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void tokenEndpointWhenSmallChunkedBodyThenHandled() throws Exception {
        HttpResponse<String> response = chunked(
                "/oauth2/token", "application/x-www-form-urlencoded", null, "grant_type=nonsense&padding=", 10_000, "");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("unsupported_grant_type"), response.body());
    }

    /** POSTs {@code prefix + n × 'a' + suffix} as a stream of unknown length: Transfer-Encoding: chunked. */
    private static HttpResponse<String> chunked(
            String path, String contentType, String bearer, String prefix, int n, String suffix) throws Exception {
        byte[] filler = new byte[n];
        Arrays.fill(filler, (byte) 'a');
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(prefix, filler, suffix)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InputStream stream(String prefix, byte[] filler, String suffix) {
        return new SequenceInputStream(
                new SequenceInputStream(
                        new ByteArrayInputStream(prefix.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayInputStream(filler)),
                new ByteArrayInputStream(suffix.getBytes(StandardCharsets.UTF_8)));
    }
}
