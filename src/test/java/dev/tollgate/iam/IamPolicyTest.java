package dev.tollgate.iam;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IamPolicyTest {

    private static final Map<String, Object> DATA = Map.of("permissions", List.of("projects.get", "projects.write"));

    private String org;
    private String team;
    private String teamProject;
    private String restricted;

    @BeforeEach
    void hierarchy() {
        org = Api.createOrganization();
        team = Api.createTeam(org);
        teamProject = Api.createProject(team, "TEAM");
        restricted = Api.createProject(team, "RESTRICTED");
    }

    @Test
    void memberOfTeamWhenProjectIsTeamVisibleThenReadsAndWrites() {
        Api.bind("teams/" + team, "roles/member", "user:alice@example.com");
        Api.as("alice@example.com")
                .body(DATA)
                .post("/v1/projects/" + teamProject + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", containsInAnyOrder("projects.get", "projects.write"));
    }

    @Test
    void memberOfTeamWhenProjectRestrictedThenNothingUntilBoundOnProject() {
        Api.bind("teams/" + team, "roles/member", "user:bob@example.com");
        Api.as("bob@example.com")
                .body(DATA)
                .post("/v1/projects/" + restricted + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", empty());
        Api.bind("projects/" + restricted, "roles/member", "user:bob@example.com");
        Api.as("bob@example.com")
                .body(DATA)
                .post("/v1/projects/" + restricted + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", containsInAnyOrder("projects.get", "projects.write"));
    }

    @Test
    void adminOfOrganizationWhenProjectRestrictedThenStillAdmin() {
        Api.bind("organizations/" + org, "roles/admin", "user:carol@example.com");
        Api.as("carol@example.com")
                .body(Map.of("permissions", List.of("projects.write", "projects.setIamPolicy")))
                .post("/v1/projects/" + restricted + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", containsInAnyOrder("projects.write", "projects.setIamPolicy"));
    }

    @Test
    void viewerOfOrganizationWhenProjectRestrictedThenCannotRead() {
        Api.bind("organizations/" + org, "roles/viewer", "user:dave@example.com");
        Api.as("dave@example.com").get("/v1/projects/" + teamProject).then().statusCode(200);
        Api.as("dave@example.com").get("/v1/projects/" + restricted).then().statusCode(403);
    }

    @Test
    void viewerWhenWritingThenPermissionDenied() {
        Api.bind("teams/" + team, "roles/viewer", "user:erin@example.com");
        Api.as("erin@example.com")
                .body(DATA)
                .post("/v1/projects/" + teamProject + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", containsInAnyOrder("projects.get"));
    }

    @Test
    void memberOfOrganizationWhenProjectOpenInAnotherTeamThenWrites() {
        String otherTeam = Api.createTeam(org);
        String open = Api.createProject(otherTeam, "OPEN");
        Api.bind("teams/" + team, "roles/member", "user:frank@example.com");
        Api.as("frank@example.com")
                .body(DATA)
                .post("/v1/projects/" + open + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", containsInAnyOrder("projects.get", "projects.write"));
        String otherTeamProject = Api.createProject(otherTeam, "TEAM");
        Api.as("frank@example.com")
                .body(DATA)
                .post("/v1/projects/" + otherTeamProject + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", empty());
    }

    @Test
    void strangerWhenTestingPermissionsThenHoldsNone() {
        Api.as("nobody@example.com")
                .body(DATA)
                .post("/v1/projects/" + teamProject + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", empty());
    }

    @Test
    void setWhenEtagStaleThenAbortedAndPolicyUnchanged() {
        String etag = Api.asAdmin()
                .post("/v1/teams/" + team + ":getIamPolicy")
                .then()
                .extract()
                .path("etag");
        Map<String, Object> first = Map.of(
                "policy",
                Map.of(
                        "etag",
                        etag,
                        "bindings",
                        List.of(Map.of("role", "roles/member", "members", List.of("user:a@example.com")))));
        Api.asAdmin()
                .body(first)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(200);
        Map<String, Object> stale = Map.of(
                "policy",
                Map.of(
                        "etag",
                        etag,
                        "bindings",
                        List.of(Map.of("role", "roles/admin", "members", List.of("user:mallory@example.com")))));
        Api.asAdmin()
                .body(stale)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ABORTED"));
        Api.asAdmin()
                .post("/v1/teams/" + team + ":getIamPolicy")
                .then()
                .body("bindings[0].members[0]", equalTo("user:a@example.com"));
    }

    @Test
    void setWhenOrganizationWouldKeepNoAdminThenFailedPreconditionAndPolicyUnchanged() {
        Map<String, Object> before = Api.asAdmin()
                .post("/v1/organizations/" + org + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        for (List<Map<String, Object>> bindings : List.<List<Map<String, Object>>>of(
                List.of(), List.of(Map.of("role", "roles/member", "members", List.of("user:a@example.com"))))) {
            Api.asAdmin()
                    .body(Map.of("policy", Map.of("bindings", bindings)))
                    .post("/v1/organizations/" + org + ":setIamPolicy")
                    .then()
                    .statusCode(400)
                    .body("error.status", equalTo("FAILED_PRECONDITION"))
                    .body("error.message", containsString("at least one roles/admin"));
        }
        Api.asAdmin()
                .post("/v1/organizations/" + org + ":getIamPolicy")
                .then()
                .body("etag", equalTo(before.get("etag")))
                .body("bindings", equalTo(before.get("bindings")));
    }

    @Test
    void setWhenTeamKeepsNoAdminThenAcceptedAsTheOrganizationsAdminsStillHoldIt() {
        Api.asAdmin()
                .body(Map.of("policy", Map.of("bindings", List.of())))
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(200);
    }

    @Test
    void setWhenRoleUnknownThenInvalidArgument() {
        Map<String, Object> body = Map.of(
                "policy",
                Map.of("bindings", List.of(Map.of("role", "roles/owner", "members", List.of("user:a@example.com")))));
        Api.asAdmin()
                .body(body)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(400)
                .body("error.message", containsString("roles/owner"));
    }

    @Test
    void setWhenMemberMalformedThenInvalidArgument() {
        Map<String, Object> body = Map.of(
                "policy", Map.of("bindings", List.of(Map.of("role", "roles/member", "members", List.of("alice")))));
        Api.asAdmin()
                .body(body)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void setWhenFederatedMembersThenAccepted() {
        String principalSet = "principalSet://iam.tollgate.local/projects/123456789012/locations/global/"
                + "workloadIdentityPools/github/attribute.repository/octo-org/app";
        Map<String, Object> body = Map.of(
                "policy",
                Map.of("bindings", List.of(Map.of("role", "roles/viewer", "members", List.of(principalSet)))));
        Api.asAdmin()
                .body(body)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(200);
    }

    @Test
    void setWhenCallerIsOnlyMemberThenPermissionDeniedNamingPermission() {
        Api.bind("teams/" + team, "roles/member", "user:gina@example.com");
        Map<String, Object> body = Map.of(
                "policy",
                Map.of(
                        "bindings",
                        List.of(Map.of("role", "roles/admin", "members", List.of("user:gina@example.com")))));
        Api.as("gina@example.com")
                .body(body)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(403)
                .body("error.message", containsString("teams.setIamPolicy"))
                .body("error.message", containsString("teams/" + team));
    }

    @Test
    void setWhenBodyMissingPolicyThenInvalidArgument() {
        Api.asAdmin()
                .body(Map.of())
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(400);
    }

    @Test
    void getPolicyWhenResourceUnknownThenNotFound() {
        Api.asAdmin().post("/v1/projects/no-such-project:getIamPolicy").then().statusCode(404);
    }
}
