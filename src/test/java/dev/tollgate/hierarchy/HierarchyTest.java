package dev.tollgate.hierarchy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HierarchyTest {

    @Test
    void createWhenValidThenReadableWithContractFields() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        String project = Api.uniqueId("proj");
        Api.asAdmin()
                .body(Map.of("projectId", project, "parent", "teams/" + team, "displayName", "Training"))
                .post("/v1/projects")
                .then()
                .statusCode(200)
                .body("name", equalTo("projects/" + project))
                .body("projectNumber", matchesPattern("[1-9][0-9]{11}"))
                .body("parent", equalTo("teams/" + team))
                .body("visibility", equalTo("TEAM"))
                .body("createTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        Api.asAdmin()
                .get("/v1/teams/" + team)
                .then()
                .statusCode(200)
                .body("parent", equalTo("organizations/" + org))
                .body("teamId", equalTo(team));
        Api.asAdmin().get("/v1/projects/" + project).then().statusCode(200).body("displayName", equalTo("Training"));
    }

    @Test
    void createOrganizationMakesTheCreatorItsAdmin() {
        String org = Api.createOrganization();
        Api.asAdmin()
                .post("/v1/organizations/" + org + ":getIamPolicy")
                .then()
                .statusCode(200)
                .body("bindings[0].role", equalTo("roles/admin"))
                .body("bindings[0].members[0]", equalTo("user:" + Api.ADMIN));
    }

    @Test
    void listWhenMoreThanAPageThenPagesWithOpaqueToken() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        for (int i = 0; i < 3; i++) {
            Api.createProject(team, "TEAM");
        }
        String token = Api.asAdmin()
                .queryParam("parent", "teams/" + team)
                .queryParam("pageSize", 2)
                .get("/v1/projects")
                .then()
                .statusCode(200)
                .body("projects", hasSize(2))
                .body("nextPageToken", notNullValue())
                .extract()
                .path("nextPageToken");
        Api.asAdmin()
                .queryParam("parent", "teams/" + team)
                .queryParam("pageSize", 2)
                .queryParam("pageToken", token)
                .get("/v1/projects")
                .then()
                .statusCode(200)
                .body("projects", hasSize(1))
                .body("nextPageToken", nullValue());
    }

    @Test
    void listWhenPageTokenTamperedThenInvalidArgument() {
        String org = Api.createOrganization();
        Api.createTeam(org);
        Api.createTeam(org);
        String token = Api.asAdmin()
                .queryParam("parent", "organizations/" + org)
                .queryParam("pageSize", 1)
                .get("/v1/teams")
                .then()
                .extract()
                .path("nextPageToken");
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        Api.asAdmin()
                .queryParam("parent", "organizations/" + org)
                .queryParam("pageToken", tampered)
                .get("/v1/teams")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void patchWhenUpdateMaskNamesVisibilityThenChanged() {
        String team = Api.createTeam(Api.createOrganization());
        String project = Api.createProject(team, "TEAM");
        Api.asAdmin()
                .queryParam("updateMask", "visibility")
                .body(Map.of("visibility", "RESTRICTED"))
                .patch("/v1/projects/" + project)
                .then()
                .statusCode(200)
                .body("visibility", equalTo("RESTRICTED"));
    }

    @Test
    void patchWhenUpdateMaskNamesReadOnlyFieldThenInvalidArgument() {
        String team = Api.createTeam(Api.createOrganization());
        Api.asAdmin()
                .queryParam("updateMask", "parent")
                .body(Map.of("displayName", "x"))
                .patch("/v1/teams/" + team)
                .then()
                .statusCode(400)
                .body("error.message", containsString("parent"));
    }

    @Test
    void deleteWhenTeamHasProjectsThenFailedPreconditionAndNothingDeleted() {
        String team = Api.createTeam(Api.createOrganization());
        String project = Api.createProject(team, "OPEN");
        Api.asAdmin()
                .delete("/v1/teams/" + team)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
        Api.asAdmin().delete("/v1/projects/" + project).then().statusCode(200);
        Api.asAdmin().delete("/v1/teams/" + team).then().statusCode(200);
        Api.asAdmin().get("/v1/teams/" + team).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void deleteWhenTeamHoldsServiceAccountsThenFailedPreconditionAndAccountsKept() {
        String team = Api.createTeam(Api.createOrganization());
        String email = Api.asAdmin()
                .body(Map.of("accountId", "nightly-eval", "serviceAccount", Map.of()))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .path("email");
        Api.asAdmin()
                .delete("/v1/teams/" + team)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("service accounts"));
        Api.asAdmin()
                .get("/v1/teams/" + team + "/serviceAccounts/" + email)
                .then()
                .statusCode(200);
        Api.asAdmin()
                .delete("/v1/teams/" + team + "/serviceAccounts/" + email)
                .then()
                .statusCode(200);
        Api.asAdmin().delete("/v1/teams/" + team).then().statusCode(200);
    }

    @Test
    void createWhenIdInvalidThenInvalidArgument() {
        for (String id :
                new String[] {"ab", "Upper", "1starts-with-digit", "ends-with-", "x".repeat(31), "has_underscore"}) {
            Api.asAdmin()
                    .body(Map.of("orgId", id))
                    .post("/v1/organizations")
                    .then()
                    .statusCode(400)
                    .body("error.status", equalTo("INVALID_ARGUMENT"));
        }
    }

    @Test
    void createWhenDuplicateThenAlreadyExists() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        Api.asAdmin()
                .body(Map.of("teamId", team, "parent", "organizations/" + org))
                .post("/v1/teams")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
    }

    @Test
    void createWhenParentUnknownThenNotFound() {
        Api.asAdmin()
                .body(Map.of("teamId", Api.uniqueId("team"), "parent", "organizations/no-such-org"))
                .post("/v1/teams")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void createWhenParentOfWrongKindThenInvalidArgument() {
        String org = Api.createOrganization();
        Api.asAdmin()
                .body(Map.of("projectId", Api.uniqueId("proj"), "parent", "organizations/" + org))
                .post("/v1/projects")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createWhenMalformedJsonThenInvalidArgument() {
        Api.asAdmin()
                .body("{\"orgId\": ")
                .post("/v1/organizations")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createWhenUnknownVisibilityThenInvalidArgumentNamingField() {
        String team = Api.createTeam(Api.createOrganization());
        Api.asAdmin()
                .body(Map.of("projectId", Api.uniqueId("proj"), "parent", "teams/" + team, "visibility", "PUBLIC"))
                .post("/v1/projects")
                .then()
                .statusCode(400)
                .body("error.message", containsString("visibility"));
    }

    @Test
    void createWhenWrongTypeThenInvalidArgument() {
        Api.asAdmin()
                .body("{\"orgId\": [1,2]}")
                .post("/v1/organizations")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createWhenDisplayNameTooLongThenInvalidArgument() {
        Api.asAdmin()
                .body(Map.of("orgId", Api.uniqueId("org"), "displayName", "x".repeat(101)))
                .post("/v1/organizations")
                .then()
                .statusCode(400)
                .body("error.message", containsString("100"));
    }

    @Test
    void createWhenBodyOversizedThenRejected() {
        Api.asAdmin()
                .body(Map.of("orgId", "big-org", "displayName", "x".repeat(2 * 1024 * 1024)))
                .post("/v1/organizations")
                .then()
                .statusCode(413)
                .body("error.code", equalTo(413));
        Api.asAdmin().get("/v1/organizations/big-org").then().statusCode(404);
    }

    @Test
    void createWhenCallerLacksPermissionThenPermissionDeniedAndNothingWritten() {
        String org = Api.createOrganization();
        String team = Api.uniqueId("team");
        Api.as("mallory@example.com")
                .body(Map.of("teamId", team, "parent", "organizations/" + org))
                .post("/v1/teams")
                .then()
                .statusCode(403)
                .body("error.message", containsString("teams.create"));
        Api.asAdmin().get("/v1/teams/" + team).then().statusCode(404);
    }

    @Test
    void createWhenUnauthenticatedThenUnauthenticated() {
        given().contentType("application/json")
                .body(Map.of("orgId", "anon-org"))
                .post("/v1/organizations")
                .then()
                .statusCode(401);
    }
}
