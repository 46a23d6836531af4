package dev.tollgate.publish;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PublishResourceTest {

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "k");

    @Test
    void jwksWhenFetchedThenPublicMembersOnlyWithCacheHeaders() {
        Response response = given().get("/oauth2/v3/certs");
        response.then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "public, max-age=3600, must-revalidate")
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{43}\""));
        List<Map<String, Object>> keys = response.jsonPath().getList("keys");
        assertThat(keys.size(), greaterThanOrEqualTo(2));
        for (Map<String, Object> key : keys) {
            assertTrue(
                    key.keySet().stream().noneMatch(PRIVATE_MEMBERS::contains),
                    key.keySet().toString());
            assertEquals(Set.of("kty", "alg", "use", "kid", "n", "e"), key.keySet());
            assertEquals(List.of("RSA", "RS256", "sig"), List.of(key.get("kty"), key.get("alg"), key.get("use")));
            assertTrue(((String) key.get("kid")).matches("[0-9a-f]{40}"));
        }
    }

    @Test
    void jwksWhenIfNoneMatchesThenNotModified() {
        String etag = given().get("/oauth2/v3/certs").header("ETag");
        given().header("If-None-Match", etag)
                .get("/oauth2/v3/certs")
                .then()
                .statusCode(304)
                .header("ETag", etag)
                .header("Cache-Control", "public, max-age=3600, must-revalidate");
        given().header("If-None-Match", "\"other\", " + etag)
                .get("/oauth2/v3/certs")
                .then()
                .statusCode(304);
        given().header("If-None-Match", "\"stale\"")
                .get("/oauth2/v3/certs")
                .then()
                .statusCode(200);
    }

    @Test
    void x509WhenFetchedThenCertificatesParseAndMatchJwks() throws Exception {
        JsonPath jwks =
                given().get("/oauth2/v3/certs").then().statusCode(200).extract().jsonPath();
        Map<String, String> certificates = given().get("/oauth2/v1/certs")
                .then()
                .statusCode(200)
                .header("Cache-Control", "public, max-age=3600, must-revalidate")
                .extract()
                .jsonPath()
                .getMap("");
        List<Map<String, String>> keys = jwks.getList("keys");
        assertEquals(Set.copyOf(keys.stream().map(k -> k.get("kid")).toList()), certificates.keySet());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Map<String, String> key : keys) {
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(certificates.get(key.get("kid")).getBytes(StandardCharsets.US_ASCII)));
            certificate.verify(certificate.getPublicKey());
            RSAPublicKey publicKey = (RSAPublicKey) certificate.getPublicKey();
            assertEquals(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n"))), publicKey.getModulus());
            assertEquals(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e"))), publicKey.getPublicExponent());
        }
    }

    @Test
    void discoveryWhenFetchedThenEndpointsFromIssuer() {
        given().get("/.well-known/openid-configuration")
                .then()
                .statusCode(200)
                .header("Cache-Control", "public, max-age=3600, must-revalidate")
                .body("issuer", equalTo("http://localhost:8080"))
                .body("token_endpoint", equalTo("http://localhost:8080/oauth2/token"))
                .body("jwks_uri", equalTo("http://localhost:8080/oauth2/v3/certs"))
                .body("introspection_endpoint", equalTo("http://localhost:8080/oauth2/introspect"))
                .body("grant_types_supported", hasItem("urn:ietf:params:oauth:grant-type:token-exchange"))
                .body("grant_types_supported", hasItem("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .body("grant_types_supported", hasItem("client_credentials"))
                .body("id_token_signing_alg_values_supported", hasItem("RS256"))
                .body("subject_types_supported", hasItem("public"));
        String etag = given().get("/.well-known/openid-configuration").header("ETag");
        given().header("If-None-Match", etag)
                .get("/.well-known/openid-configuration")
                .then()
                .statusCode(304);
    }

    @Test
    void documentsWhenRequestIdSentThenEchoedAndOtherMethodsAsBefore() {
        for (String path : List.of("/oauth2/v3/certs", "/oauth2/v1/certs", "/.well-known/openid-configuration")) {
            String etag = given().header("X-Request-Id", "client-id-0001")
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("X-Request-Id", "client-id-0001")
                    .extract()
                    .header("ETag");
            given().header("If-None-Match", etag)
                    .header("X-Request-Id", "bad id")
                    .get(path)
                    .then()
                    .statusCode(304)
                    .header("ETag", etag)
                    .header("X-Request-Id", matchesPattern("[0-9a-f]{24}"));
            given().head(path)
                    .then()
                    .statusCode(200)
                    .header("ETag", etag)
                    .header("Cache-Control", "public, max-age=3600, must-revalidate");
            given().post(path).then().statusCode(405);
        }
    }

    @Test
    void readinessWhenServerKeyActiveThenUp() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"));
    }
}
