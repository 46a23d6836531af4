package dev.tollgate.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One listener for the universe's host names (docs/api.md "Universe domain and host names" and "Project lookup"):
 * the tests run with {@code tollgate.universe.domain=universe.test} and send the Host header a client would.
 */
@QuarkusTest
class UniverseHostRoutingTest {

    private static final String RESOURCE_MANAGER = "cloudresourcemanager.universe.test";

    private String team;
    private String project;
    private String number;

    @BeforeEach
    void setUp() {
        team = Api.createTeam(Api.createOrganization());
        project = Api.createProject(team, "TEAM");
        number = Api.asAdmin()
                .get("/v1/projects/" + project)
                .then()
                .statusCode(200)
                .extract()
                .path("projectNumber");
    }

    @Test
    void getProjectWhenResourceManagerHostThenResourceManagerShapeByNumberAndById() {
        for (String key : new String[] {number, project}) {
            Api.asAdmin()
                    .header("Host", RESOURCE_MANAGER)
                    .get("/v1/projects/" + key)
                    .then()
                    .statusCode(200)
                    .body("projectNumber", equalTo(number))
                    .body("projectId", equalTo(project))
                    .body("lifecycleState", equalTo("ACTIVE"))
                    .body("name", equalTo(project))
                    .body("parent.type", equalTo("folder"))
                    .body("parent.id", equalTo(team))
                    .body("createTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        }
    }

    @Test
    void getProjectWhenResourceManagerHostWithPortAndUpperCaseThenResourceManagerShape() {
        Api.asAdmin()
                .header("Host", "CloudResourceManager.Universe.Test:443")
                .get("/v1/projects/" + number)
                .then()
                .statusCode(200)
                .body("lifecycleState", equalTo("ACTIVE"));
    }

    @Test
    void getProjectWhenIssuerHostThenTollgateShapeByNumberAndById() {
        for (String key : new String[] {number, project}) {
            Api.asAdmin()
                    .get("/v1/projects/" + key)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("projects/" + project))
                    .body("parent", equalTo("teams/" + team))
                    .body("projectNumber", equalTo(number));
        }
    }

    @Test
    void getProjectWhenUnknownNumberThenNotFoundOnBothHosts() {
        Api.asAdmin()
                .get("/v1/projects/999999999999")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .header("Host", RESOURCE_MANAGER)
                .get("/v1/projects/999999999999")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void getProjectWhenCallerMayNotReadThenPermissionDeniedOnBothHostsAndUnauthenticatedWithoutCredential() {
        String stranger = Api.uniqueId("stranger") + "@example.com";
        Api.as(stranger).get("/v1/projects/" + number).then().statusCode(403);
        Api.as(stranger)
                .header("Host", RESOURCE_MANAGER)
                .get("/v1/projects/" + number)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        given().header("Host", RESOURCE_MANAGER)
                .get("/v1/projects/" + number)
                .then()
                .statusCode(401);
    }

    @Test
    void getProjectWhenRestrictedThenOnlyThoseBoundOnItSeeIt() {
        String restricted = Api.createProject(team, "RESTRICTED");
        String member = Api.uniqueId("member") + "@example.com";
        Api.bind("teams/" + team, "roles/member", "user:" + member);
        Api.as(member)
                .header("Host", RESOURCE_MANAGER)
                .get("/v1/projects/" + restricted)
                .then()
                .statusCode(403);
        Api.as(member)
                .header("Host", RESOURCE_MANAGER)
                .get("/v1/projects/" + project)
                .then()
                .statusCode(200);
    }

    @Test
    void otherPathsWhenResourceManagerHostThenNotFound() {
        Api.asAdmin()
                .header("Host", RESOURCE_MANAGER)
                .get("/v1/teams/" + team)
                .then()
                .statusCode(404);
        Api.asAdmin()
                .header("Host", RESOURCE_MANAGER)
                .body(Map.of())
                .post("/v1/projects/" + project + ":getIamPolicy")
                .then()
                .statusCode(404);
    }

    @Test
    void tokenWhenGoogleTokenPathsThenServedAsTokenEndpoint() {
        for (String path : new String[] {"/oauth2/v4/token", "/o/oauth2/token"}) {
            given().header("Host", "oauth2.universe.test")
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "password")
                    .post(path)
                    .then()
                    .statusCode(400)
                    .header("Pragma", "no-cache")
                    .body("error", equalTo("unsupported_grant_type"));
        }
    }
}
