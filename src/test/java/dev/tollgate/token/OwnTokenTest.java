package dev.tollgate.token;

import static dev.tollgate.token.TokenFixtures.form;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import dev.tollgate.token.TokenFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tollgate's own access tokens as caller credentials, and their introspection (RFC 7662). */
@QuarkusTest
class OwnTokenTest {

    @Inject
    TestClock clock;

    private String team;
    private String project;
    private Account account;

    @BeforeEach
    void setUp() {
        String org = Api.createOrganization();
        team = Api.createTeam(org);
        project = Api.createProject(team, "TEAM");
        account = TokenFixtures.orgScoped(org, team);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse testPermissions(String token, String project) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("permissions", List.of("projects.get", "projects.write", "iam.serviceAccounts.create")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then();
    }

    @Test
    void ownTokenAuthenticatesAsServiceAccountWithItsHome() {
        String token = TokenFixtures.accessToken(account);
        testPermissions(token, project)
                .statusCode(200)
                .body("permissions", hasItem("projects.write"))
                .body("permissions", not(hasItem("iam.serviceAccounts.create")));
    }

    @Test
    void ownTokenWhenAccountDisabledThenUnauthenticatedAtOnce() {
        String token = TokenFixtures.accessToken(account);
        testPermissions(token, project).statusCode(200);
        Api.asAdmin().post("/v1/" + account.name() + ":disable").then().statusCode(200);
        testPermissions(token, project).statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
        introspect(token).body("active", equalTo(false));
    }

    @Test
    void ownTokenWhenAccountDeletedThenUnauthenticatedAndInactive() {
        String token = TokenFixtures.accessToken(account);
        Api.asAdmin().delete("/v1/" + account.name()).then().statusCode(200);
        testPermissions(token, project).statusCode(401);
        introspect(token).body("active", equalTo(false));
    }

    @Test
    void ownTokenWhenExpiredThenUnauthenticatedAndInactive() {
        String token = TokenFixtures.accessToken(account);
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        testPermissions(token, project).statusCode(401);
        introspect(token).body("active", equalTo(false));
    }

    @Test
    void ownTokenWhenSignatureForgedThenUnauthenticatedAndInactive() {
        String token = TokenFixtures.accessToken(account);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"" + team + "\"", "\"someone-elses-team\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "."
                + parts[2];
        testPermissions(forged, project).statusCode(401);
        introspect(forged).body("active", equalTo(false));
    }

    @Test
    void ownTokenWhenAlgNoneThenUnauthenticated() {
        String token = TokenFixtures.accessToken(account);
        String[] parts = token.split("\\.");
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
        testPermissions(header + "." + parts[1] + ".", project).statusCode(401);
    }

    @Test
    void introspectWhenActiveThenClaims() {
        String token = TokenFixtures.accessToken(account);
        introspect(token)
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("sub", equalTo(account.uniqueId()))
                .body("client_id", equalTo(account.uniqueId()))
                .body("email", equalTo(account.email()))
                .body("team", equalTo(team))
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void introspectOnV1WithJsonThenActive() {
        String token = TokenFixtures.accessToken(account);
        given().contentType("application/json")
                .body(Map.of("token", token))
                .post("/v1/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
    }

    @Test
    void introspectWhenGarbageThenInactive() {
        introspect("not-a-token").statusCode(200).body("active", equalTo(false));
    }

    @Test
    void introspectWhenTokenMissingThenInvalidRequest() {
        form().formParam("token_type_hint", "access_token")
                .post("/oauth2/introspect")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    private static ValidatableResponse introspect(String token) {
        return form().formParam("token", token).post("/oauth2/introspect").then();
    }
}
