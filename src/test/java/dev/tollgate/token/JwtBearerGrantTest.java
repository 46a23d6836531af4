package dev.tollgate.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.support.OAuthException;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.KeyFileHolder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.RestAssured;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JwtBearerGrantTest {

    private static final String GOOGLE_AUD = "https://oauth2.googleapis.com/token";

    @Inject
    JwtBearerGrant grant;

    @Inject
    Vertx vertx;

    @Test
    void tokenWhenAssertionValidThenAccessTokenVerifiableThroughDiscovery() throws Exception {
        KeyFileHolder holder = holder();
        TokenResponse response = grant(sign(holder, claims -> claims.setClaim("scope", "read write")));
        assertNotNull(response.accessToken());
        assertEquals(3600, response.expiresIn());
        String jwksUri =
                given().get("/.well-known/openid-configuration").jsonPath().getString("jwks_uri");
        HttpsJwks jwks =
                new HttpsJwks(jwksUri.replaceFirst("^https?://[^/]+", RestAssured.baseURI + ":" + RestAssured.port));
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setSkipDefaultAudienceValidation()
                .setRequireExpirationTime()
                .build();
        JwtClaims claims = consumer.processToClaims(response.accessToken());
        assertEquals(holder.uniqueId(), claims.getSubject());
        assertEquals(holder.email(), claims.getClaimValueAsString("email"));
        assertEquals("read write", claims.getClaimValueAsString("scope"));
    }

    @Test
    void tokenWhenTargetAudienceThenIdTokenOnly() throws Exception {
        KeyFileHolder holder = holder();
        TokenResponse response = grant(sign(holder, claims -> {
            claims.unsetClaim("scope");
            claims.setClaim("target_audience", "https://service.example");
        }));
        assertNull(response.accessToken());
        JwtClaims claims = JwtClaims.parse(
                new String(Base64.getUrlDecoder().decode(response.idToken().split("\\.")[1])));
        assertEquals(List.of("https://service.example"), claims.getAudience());
        assertEquals(holder.email(), claims.getClaimValueAsString("email"));
    }

    @Test
    void tokenWhenEveryAcceptedAudienceThenIssued() throws Exception {
        KeyFileHolder holder = holder();
        String issuer =
                given().get("/.well-known/openid-configuration").jsonPath().getString("issuer");
        for (String aud : List.of(
                issuer + "/oauth2/token",
                issuer + "/token",
                GOOGLE_AUD,
                "https://www.googleapis.com/oauth2/v4/token",
                "https://accounts.google.com/o/oauth2/token",
                "https://oauth2.universe.test/token")) {
            assertNotNull(grant(sign(holder, claims -> claims.setAudience(aud))).accessToken(), aud);
        }
    }

    @Test
    void tokenWhenAlgorithmNoneOrHmacThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        JsonWebSignature none = jws(holder, validClaims(holder));
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setKey(null);
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        assertInvalidGrant(none.getCompactSerialization());

        JsonWebSignature hmac = jws(holder, validClaims(holder));
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new HmacKey(holder.publicCertificate().getBytes()));
        hmac.setDoKeyValidation(false);
        assertInvalidGrant(hmac.getCompactSerialization());
    }

    @Test
    void tokenWhenAudienceOfAnotherUniverseOrApiThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        for (String aud : List.of(
                "https://oauth2.other.test/token",
                "https://iamcredentials.universe.test/",
                "https://oauth2.googleapis.com/token/",
                "http://localhost:8080/v1/token")) {
            assertInvalidGrant(sign(holder, claims -> claims.setAudience(aud)));
        }
    }

    @Test
    void tokenWhenKidMissingThenKeyFoundBySignatureAndAuditedAsKeyId() throws Exception {
        KeyFileHolder holder = holder();
        KeyFileHolder newer = holder.withNewKey();

        TokenResponse response = grant(signWithKid(newer, null));

        JwtClaims claims = JwtClaims.parse(
                new String(Base64.getUrlDecoder().decode(response.accessToken().split("\\.")[1])));
        assertEquals(holder.uniqueId(), claims.getSubject());
        String team = holder.path().split("/")[3];
        List<Map<String, Object>> entries = Api.asAdmin()
                .queryParam("filter", "method=\"IssueToken\"")
                .get("/v1/teams/" + team + "/auditLogs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entries");
        String details = String.valueOf(entries.get(0).get("details"));
        Assertions.assertTrue(details.contains("\"keyId\":\"" + newer.kid() + "\""), details);
    }

    @Test
    void tokenWhenKidMissingAndKeyDisabledThenInvalidSignature() throws Exception {
        KeyFileHolder holder = holder();
        Api.asAdmin()
                .post(holder.path() + "/keys/" + holder.kid() + ":disable")
                .then()
                .statusCode(200);
        assertEquals(
                "Invalid JWT Signature.",
                assertInvalidGrant(signWithKid(holder, null)).description());
    }

    @Test
    void tokenWhenKidUnknownOrOfAnotherAccountThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        KeyFileHolder other = holder();
        assertEquals(
                "Invalid JWT Signature.",
                assertInvalidGrant(signWithKid(holder, "0".repeat(40))).description());
        assertEquals(
                "Invalid JWT Signature.",
                assertInvalidGrant(signWithKid(holder, other.kid())).description());
    }

    @Test
    void tokenWhenSignedByAnotherKeyThenInvalidSignature() throws Exception {
        KeyFileHolder holder = holder();
        KeyFileHolder other = holder();
        JsonWebSignature jws = jws(holder, validClaims(holder));
        jws.setKey(other.key());
        assertEquals(
                "Invalid JWT Signature.",
                assertInvalidGrant(jws.getCompactSerialization()).description());
    }

    @Test
    void tokenWhenTimesWrongThenShortLivedTokenMessage() throws Exception {
        KeyFileHolder holder = holder();
        long now = Instant.now().getEpochSecond();
        List<Consumer<JwtClaims>> wrong = List.of(
                claims -> {
                    claims.setIssuedAt(NumericDate.fromSeconds(now - 7200));
                    claims.setExpirationTime(NumericDate.fromSeconds(now - 3700));
                },
                claims -> claims.setExpirationTime(NumericDate.fromSeconds(now + 3601)),
                claims -> {
                    claims.setIssuedAt(NumericDate.fromSeconds(now + 600));
                    claims.setExpirationTime(NumericDate.fromSeconds(now + 1200));
                },
                claims -> claims.unsetClaim("exp"),
                claims -> claims.unsetClaim("iat"));
        for (Consumer<JwtClaims> change : wrong) {
            assertEquals(
                    "Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your "
                            + "iat and exp values in the JWT claim.",
                    assertInvalidGrant(sign(holder, change)).description());
        }
    }

    @Test
    void tokenWhenIssuerOrAudienceWrongThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        assertInvalidGrant(sign(holder, claims -> claims.setIssuer("someone@else.team.tollgate.local")));
        assertInvalidGrant(sign(holder, claims -> claims.setIssuer(holder.uniqueId())));
        assertInvalidGrant(sign(holder, claims -> claims.setAudience("https://elsewhere.example/token")));
        assertInvalidGrant(sign(holder, claims -> claims.setSubject("alice@example.com")));
    }

    @Test
    void tokenWhenKeyDisabledOrDeletedThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        String assertion = sign(holder, claims -> {});
        Api.asAdmin()
                .post(holder.path() + "/keys/" + holder.kid() + ":disable")
                .then()
                .statusCode(200);
        assertInvalidGrant(assertion);
        Api.asAdmin()
                .post(holder.path() + "/keys/" + holder.kid() + ":enable")
                .then()
                .statusCode(200);
        assertNotNull(grant(assertion).accessToken());
        Api.asAdmin().delete(holder.path() + "/keys/" + holder.kid()).then().statusCode(200);
        assertInvalidGrant(assertion);
    }

    @Test
    void tokenWhenAccountDisabledThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        Api.asAdmin().post(holder.path() + ":disable").then().statusCode(200);
        assertEquals(
                "service account is disabled",
                assertInvalidGrant(sign(holder, claims -> {})).description());
    }

    @Test
    void tokenWhenKeyHeadersThenRefusedAndNeverFetched() throws Exception {
        KeyFileHolder holder = holder();
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
            for (String header : List.of("jku", "x5u")) {
                JsonWebSignature jws = jws(holder, validClaims(holder));
                jws.setHeader(header, url);
                assertInvalidGrant(jws.getCompactSerialization());
            }
            RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
            JsonWebSignature embedded = jws(holder, validClaims(holder));
            embedded.getHeaders().setJwkHeaderValue("jwk", attacker);
            embedded.setKey(attacker.getPrivateKey());
            assertInvalidGrant(embedded.getCompactSerialization());
            assertEquals(0, fetches.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tokenWhenAssertionMalformedOrHugeThenInvalidGrant() throws Exception {
        KeyFileHolder holder = holder();
        assertInvalidGrant("not-a-jwt");
        assertInvalidGrant("a".repeat(1_000_000));
        String valid = sign(holder, claims -> claims.setClaim("padding", "x".repeat(1_000_000)));
        assertInvalidGrant(valid);
        // Thrown by the grant; the token endpoint audits it (TokenRefusalAuditTest).
        OAuthException missing = assertThrows(
                OAuthException.class,
                () -> grant.handle(new TokenRequest(
                                Map.of("grant_type", List.of(JwtBearerGrant.GRANT_TYPE)), Optional.empty()))
                        .await()
                        .indefinitely());
        assertEquals("invalid_request", missing.error());
    }

    /** Runs the grant on a Vert.x context, as the token endpoint does (Hibernate Reactive needs one). */
    private TokenResponse grant(String assertion) {
        CompletableFuture<TokenResponse> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom()
                .deferred(() -> grant.handle(request(assertion)))
                .subscribe()
                .with(result::complete, result::completeExceptionally));
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenRequest request(String assertion) {
        return new TokenRequest(
                Map.of("grant_type", List.of(JwtBearerGrant.GRANT_TYPE), "assertion", List.of(assertion)),
                Optional.empty());
    }

    private OAuthException assertInvalidGrant(String assertion) {
        OAuthException e = assertThrows(OAuthException.class, () -> grant(assertion));
        assertEquals("invalid_grant", e.error(), e.description());
        assertEquals(400, e.httpStatus());
        return e;
    }

    private static KeyFileHolder holder() throws Exception {
        return KeyFileHolder.create();
    }

    private static JwtClaims validClaims(KeyFileHolder holder) {
        JwtClaims claims = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        claims.setIssuer(holder.email());
        claims.setAudience(GOOGLE_AUD);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        claims.setClaim("scope", "openid");
        return claims;
    }

    private static JsonWebSignature jws(KeyFileHolder holder, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(holder.kid());
        jws.setKey(holder.key());
        return jws;
    }

    private static String sign(KeyFileHolder holder, Consumer<JwtClaims> change) throws Exception {
        JwtClaims claims = validClaims(holder);
        change.accept(claims);
        return jws(holder, claims).getCompactSerialization();
    }

    private static String signWithKid(KeyFileHolder holder, String kid) throws Exception {
        JsonWebSignature jws = jws(holder, validClaims(holder));
        jws.setKeyIdHeaderValue(kid);
        if (kid == null) {
            jws.getHeaders().setObjectHeaderValue("kid", null);
        }
        return jws.getCompactSerialization();
    }
}
