package dev.tollgate.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.KeyFileHolder;
import io.quarkus.test.junit.QuarkusTest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Self-signed JWTs as Google's libraries make them from a key file (header {@code alg}, {@code typ}, {@code kid};
 * claims {@code iss} = {@code sub} = the email, {@code aud} = the API URL or {@code scope}, {@code iat}, {@code exp}
 * one hour later) are accepted on /v1 as the account (docs/api.md "Self-signed JWTs").
 */
@QuarkusTest
class SelfSignedJwtTest {

    private String team;
    private String email;
    private String kid;
    private PrivateKey key;
    private String project;

    @BeforeEach
    void setUp() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        team = holder.team();
        email = holder.email();
        kid = holder.kid();
        key = holder.key();
        project = Api.createProject(team, "TEAM");
    }

    @Test
    void getProjectWhenAudienceNamesThisApiThenAllowed() throws Exception {
        for (String aud : List.of(
                "http://localhost:8080",
                "http://localhost:8080/",
                "http://localhost:8080/v1/projects/" + project,
                "https://iam.universe.test/",
                "https://iamcredentials.universe.test/",
                "https://cloudresourcemanager.universe.test/v1/projects/1")) {
            given().auth()
                    .oauth2(sign(claims -> claims.setAudience(aud), kid))
                    .get("/v1/projects/" + project)
                    .then()
                    .statusCode(200)
                    .body("projectId", equalTo(project));
        }
    }

    @Test
    void getProjectWhenScopeWithoutAudienceThenAllowed() throws Exception {
        String jwt = sign(
                claims -> claims.setClaim(
                        "scope",
                        "https://www.googleapis.com/auth/cloud-platform "
                                + "https://www.googleapis.com/auth/userinfo.email"),
                kid);
        given().auth().oauth2(jwt).get("/v1/projects/" + project).then().statusCode(200);
    }

    @Test
    void getProjectWhenKidMissingThenKeyFoundBySignature() throws Exception {
        Api.asAdmin()
                .body(Map.of())
                .post("/v1/teams/" + team + "/serviceAccounts/" + email + "/keys")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(sign(claims -> claims.setAudience("http://localhost:8080/"), null))
                .get("/v1/projects/" + project)
                .then()
                .statusCode(200);
    }

    @Test
    void getProjectWhenSameJwtPresentedAgainWithinLifetimeThenAllowed() throws Exception {
        String jwt = sign(claims -> claims.setAudience("http://localhost:8080/"), kid);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(jwt).get("/v1/projects/" + project).then().statusCode(200);
        }
    }

    @Test
    void testIamPermissionsWhenSelfSignedThenTheAccountsOwnPermissions() throws Exception {
        given().auth()
                .oauth2(sign(claims -> claims.setAudience("http://localhost:8080/"), kid))
                .contentType("application/json")
                .body(Map.of("permissions", List.of("projects.get", "projects.delete")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", equalTo(List.of("projects.get")));
    }

    private String sign(Consumer<JwtClaims> audience, String keyId) throws Exception {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(email);
        claims.setSubject(email);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        audience.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        jws.setKey(key);
        return jws.getCompactSerialization();
    }
}
