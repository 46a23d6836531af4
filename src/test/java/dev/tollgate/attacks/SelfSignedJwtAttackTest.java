package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.KeyFileHolder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Self-signed JWTs as bearer credentials on /v1 (docs/api.md "Self-signed JWTs"): everything short of a JWT that the
 * account's own enabled key signed, for this API, within an hour, is 401 with {@code error="invalid_token"}.
 */
@QuarkusTest
class SelfSignedJwtAttackTest {

    private static final String API_AUD = "http://localhost:8080/";

    private KeyFileHolder holder;
    private String project;

    @BeforeEach
    void setUp() throws Exception {
        holder = KeyFileHolder.create();
        project = Api.createProject(holder.team(), "TEAM");
    }

    @Test
    void getProjectWhenSelfSignedForApiThenAllowedAsTheAccount() throws Exception {
        call(holder.sign(claims -> claims.setAudience(API_AUD))).statusCode(200).body("projectId", equalTo(project));
    }

    @Test
    void getProjectWhenSignatureForgedThen401() throws Exception {
        String valid = holder.sign(claims -> claims.setAudience(API_AUD));
        String[] parts = valid.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
                + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);
        refused(forged);
        var attacker = KeyPairGenerator.getInstance("RSA");
        attacker.initialize(2048);
        refused(holder.sign(
                claims -> claims.setAudience(API_AUD),
                jws -> jws.setKey(attacker.generateKeyPair().getPrivate())));
        refused(holder.sign(claims -> claims.setAudience(API_AUD), jws -> {
            jws.getHeaders().setObjectHeaderValue("kid", null);
            jws.setKey(attacker.generateKeyPair().getPrivate());
        }));
    }

    @Test
    void getProjectWhenSignedByAnotherAccountsKeyThen401() throws Exception {
        KeyFileHolder other = KeyFileHolder.create();
        refused(holder.sign(claims -> claims.setAudience(API_AUD), jws -> {
            jws.setKeyIdHeaderValue(other.kid());
            jws.setKey(other.key());
        }));
        refused(holder.sign(claims -> claims.setAudience(API_AUD), jws -> {
            jws.getHeaders().setObjectHeaderValue("kid", null);
            jws.setKey(other.key());
        }));
    }

    @Test
    void getProjectWhenExpiredOrTooLongOrTimesMissingThen401() throws Exception {
        long now = Instant.now().getEpochSecond();
        refused(holder.sign(claims -> {
            claims.setAudience(API_AUD);
            claims.setIssuedAt(NumericDate.fromSeconds(now - 3700));
            claims.setExpirationTime(NumericDate.fromSeconds(now - 100));
        }));
        refused(holder.sign(claims -> {
            claims.setAudience(API_AUD);
            claims.setIssuedAt(NumericDate.fromSeconds(now));
            claims.setExpirationTime(NumericDate.fromSeconds(now + 3601));
        }));
        refused(holder.sign(claims -> {
            claims.setAudience(API_AUD);
            claims.unsetClaim("exp");
        }));
        refused(holder.sign(claims -> {
            claims.setAudience(API_AUD);
            claims.unsetClaim("iat");
        }));
    }

    @Test
    void getProjectWhenAudienceNotThisApiThen401() throws Exception {
        for (String aud : List.of(
                "https://oauth2.googleapis.com/token",
                "http://localhost:8080/oauth2/token",
                "http://localhost:8080/token",
                "https://oauth2.universe.test/token",
                "https://iam.googleapis.com/",
                "https://iamcredentials.other.test/",
                "http://localhost:8080.evil.test/v1/",
                "https://iamcredentials.universe.test.evil.test/")) {
            refused(holder.sign(claims -> claims.setAudience(aud)));
        }
    }

    @Test
    void getProjectWhenNoAudienceAndNoApiScopeThen401() throws Exception {
        refused(holder.sign(claims -> {
            claims.unsetClaim("aud");
            claims.setClaim("scope", "openid email");
        }));
    }

    @Test
    void getProjectWhenKeyDisabledThenRefusedAtOnce() throws Exception {
        String jwt = holder.sign(claims -> claims.setAudience(API_AUD));
        call(jwt).statusCode(200);
        Api.asAdmin()
                .post(holder.path() + "/keys/" + holder.kid() + ":disable")
                .then()
                .statusCode(200);
        refused(jwt);
        refused(holder.sign(
                claims -> claims.setAudience(API_AUD), jws -> jws.getHeaders().setObjectHeaderValue("kid", null)));
    }

    @Test
    void getProjectWhenAccountDisabledOrDeletedThenRefusedAtOnce() throws Exception {
        String jwt = holder.sign(claims -> claims.setAudience(API_AUD));
        call(jwt).statusCode(200);
        Api.asAdmin().post(holder.path() + ":disable").then().statusCode(200);
        refused(jwt);
        Api.asAdmin().post(holder.path() + ":enable").then().statusCode(200);
        call(jwt).statusCode(200);
        Api.asAdmin().delete(holder.path()).then().statusCode(200);
        refused(jwt);
    }

    @Test
    void getProjectWhenAlgorithmNoneOrHmacWithPublicKeyThen401() throws Exception {
        refused(holder.sign(claims -> claims.setAudience(API_AUD), jws -> {
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setKey(null);
        }));
        String certificate = new String(Base64.getDecoder()
                .decode(Api.asAdmin()
                        .get(holder.path() + "/keys/" + holder.kid())
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("publicKeyData")));
        for (String kid : new String[] {holder.kid(), null}) {
            refused(holder.sign(claims -> claims.setAudience(API_AUD), jws -> {
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
                jws.setKey(new HmacKey(certificate.getBytes()));
                jws.setDoKeyValidation(false);
                jws.getHeaders().setObjectHeaderValue("kid", kid);
            }));
        }
    }

    @Test
    void getProjectWhenRestrictedProjectThenPermissionDeniedAsTheAccount() throws Exception {
        String restricted = Api.createProject(holder.team(), "RESTRICTED");
        given().auth()
                .oauth2(holder.sign(claims -> claims.setAudience(API_AUD)))
                .get("/v1/projects/" + restricted)
                .then()
                .statusCode(403)
                .body("error.message", containsString("serviceAccount:" + holder.email()));
    }

    private ValidatableResponse call(String jwt) {
        return given().auth().oauth2(jwt).get("/v1/projects/" + project).then();
    }

    private void refused(String jwt) {
        call(jwt)
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }
}
