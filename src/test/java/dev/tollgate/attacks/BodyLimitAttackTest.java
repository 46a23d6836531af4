package dev.tollgate.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.CapturedLog;
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
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a body streamed without {@code Content-Length} (chunked) slips past the 1 MiB limit, which only looked at
 * the declared length, so each request may hold up to the platform's 4 MiB. Chunked bodies over 1 MiB get 413 too,
 * in the endpoint's error format, without a stack trace in the log, and the server keeps answering.
 */
@QuarkusTest
class BodyLimitAttackTest {

    private static final int TWO_MIB = 2 * 1024 * 1024;

    private final CapturedLog log = new CapturedLog(Level.WARNING);

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    @Test
    void tokenEndpointWhenChunkedBodyOverOneMibThenRequestEntityTooLarge() throws Exception {
        HttpResponse<String> response = chunked(
                "/oauth2/token",
                "application/x-www-form-urlencoded",
                null,
                "grant_type=client_credentials&scope=",
                TWO_MIB,
                "");
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"invalid_request\""), response.body());
        assertTrue(response.body().contains("1 MiB"), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertQuietAndStillServing();
    }

    @Test
    void tokenEndpointWhenChunkedBodyJustOverOneMibThenRequestEntityTooLarge() throws Exception {
        HttpResponse<String> response =
                chunked("/oauth2/token", "application/x-www-form-urlencoded", null, "grant_type=x&p=", 1024 * 1024, "");
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("invalid_request"), response.body());
        assertQuietAndStillServing();
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
        assertTrue(response.body().contains("\"code\":413"), response.body());
        assertTrue(response.body().contains("\"status\":\"INVALID_ARGUMENT\""), response.body());
        assertQuietAndStillServing();
    }

    @Test
    void tokenEndpointWhenSmallChunkedBodyThenHandled() throws Exception {
        HttpResponse<String> response = chunked(
                "/oauth2/token", "application/x-www-form-urlencoded", null, "grant_type=nonsense&padding=", 10_000, "");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("unsupported_grant_type"), response.body());
    }

    @Test
    void resourceWhenSmallChunkedBodyThenHandled() throws Exception {
        String org = Api.uniqueId("chunk");
        HttpResponse<String> response = chunked(
                "/v1/organizations",
                "application/json",
                TestIdentityProviders.users().userToken(Api.ADMIN),
                "{\"orgId\":\"" + org + "\",\"displayName\":\"",
                100,
                "\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains(org), response.body());
    }

    /** Neither a stack trace nor an error in the log, and the next request (a new connection) is answered. */
    private void assertQuietAndStillServing() throws Exception {
        assertTrue(log.records().isEmpty(), log.describe());
        HttpResponse<String> next =
                chunked("/oauth2/token", "application/x-www-form-urlencoded", null, "grant_type=nonsense", 0, "");
        assertEquals(400, next.statusCode(), next.body());
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
