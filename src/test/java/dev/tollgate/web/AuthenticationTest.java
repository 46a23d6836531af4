package dev.tollgate.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

    private static final String PROTECTED = "/v1/organizations/default";

    @Test
    void getWhenValidUserTokenThenOk() {
        Api.asAdmin().get(PROTECTED).then().statusCode(200).body("orgId", equalTo("default"));
    }

    @Test
    void getWhenNoCredentialThenUnauthenticatedWithChallenge() {
        given().get(PROTECTED)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void getWhenGarbageBearerThenUnauthenticated() {
        given().auth()
                .oauth2("not-a-token")
                .get(PROTECTED)
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void getWhenBasicInsteadOfBearerThenUnauthenticated() {
        given().auth()
                .preemptive()
                .basic("admin", "secret")
                .get(PROTECTED)
                .then()
                .statusCode(401);
    }

    @Test
    void getWhenTokenOfAnotherIssuerThenUnauthenticated() {
        TestIssuer other = TestIdentityProviders.issuer("not-users");
        String token = other.token(c -> c.audience("tollgate").claim("email", Api.ADMIN));
        given().auth().oauth2(token).get(PROTECTED).then().statusCode(401);
    }

    @Test
    void getWhenWrongAudienceThenUnauthenticated() {
        String token = TestIdentityProviders.users()
                .token(c -> c.audience("someone-else").claim("email", Api.ADMIN));
        given().auth()
                .oauth2(token)
                .get(PROTECTED)
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void getWhenExpiredThenUnauthenticated() {
        Instant past = Instant.now().minusSeconds(7200);
        String token = TestIdentityProviders.users()
                .token(c -> c.audience("tollgate")
                        .claim("email", Api.ADMIN)
                        .issuedAt(past)
                        .expiresAt(past.plusSeconds(600)));
        given().auth().oauth2(token).get(PROTECTED).then().statusCode(401);
    }

    @Test
    void getWhenForgedSignatureThenUnauthenticated() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        TestIssuer users = TestIdentityProviders.users();
        String forged = Jwt.claims()
                .issuer(users.url())
                .audience("tollgate")
                .claim("email", Api.ADMIN)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600))
                .jws()
                .keyId(users.kid())
                .sign(generator.generateKeyPair().getPrivate());
        given().auth()
                .oauth2(forged)
                .get(PROTECTED)
                .then()
                .statusCode(401)
                .body("error.message", not(containsString(forged)));
    }

    @Test
    void getWhenEmailClaimMissingThenUnauthenticated() {
        String token =
                TestIdentityProviders.users().token(c -> c.audience("tollgate").subject("no-email"));
        given().auth()
                .oauth2(token)
                .get(PROTECTED)
                .then()
                .statusCode(401)
                .body("error.message", containsString("email"));
    }

    @Test
    void getWhenAuthenticatedButNotBoundThenPermissionDeniedNamingPermissionAndResource() {
        Api.as("stranger@example.com")
                .get(PROTECTED)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("organizations.get"))
                .body("error.message", containsString("organizations/default"));
    }

    @Test
    void everyResponseCarriesARequestId() {
        given().get(PROTECTED).then().header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
    }
}
