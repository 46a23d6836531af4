package dev.tollgate.serviceaccount;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The W&B scopes (docs/api.md "IAM allow policies"), asked the way resource servers ask: testIamPermissions with the account's API key. */
@QuarkusTest
class ImplicitAccessTest {

    private String org;
    private String teamA;
    private String teamB;

    @BeforeEach
    void organization() {
        org = Api.createOrganization();
        teamA = Api.createTeam(org);
        teamB = Api.createTeam(org);
    }

    @Test
    void orgScopedWritesToTeamAndOpenProjectsOfEveryTeamButNotRestrictedUntilBound() {
        JsonPath account = TestServiceAccounts.orgScoped(org, teamA);
        String key = key(account.getString("name"));
        for (String project : List.of(
                Api.createProject(teamA, "TEAM"),
                Api.createProject(teamA, "OPEN"),
                Api.createProject(teamB, "TEAM"),
                Api.createProject(teamB, "OPEN"))) {
            test(key, project).body("permissions", containsInAnyOrder("projects.get", "projects.write"));
        }
        String restricted = Api.createProject(teamA, "RESTRICTED");
        test(key, restricted).body("permissions", empty());

        String projectAdmin = Api.uniqueId("padmin") + "@example.com";
        Api.bind("projects/" + restricted, "roles/admin", "user:" + projectAdmin);
        addMember(projectAdmin, restricted, account.getString("email"));
        test(key, restricted).body("permissions", containsInAnyOrder("projects.get", "projects.write"));
    }

    @Test
    void teamScopedWritesToOpenProjectOfAnotherTeamButNotItsTeamProject() {
        String key = key(TestServiceAccounts.create("teams/" + teamA, null).getString("name"));
        test(key, Api.createProject(teamB, "OPEN"))
                .body("permissions", containsInAnyOrder("projects.get", "projects.write"));
        test(key, Api.createProject(teamB, "TEAM")).body("permissions", empty());
        test(key, Api.createProject(teamA, "TEAM"))
                .body("permissions", containsInAnyOrder("projects.get", "projects.write"));
        test(key, Api.createProject(teamA, "RESTRICTED")).body("permissions", empty());
    }

    @Test
    void teamScopedReachesNoOpenProjectOfAnotherOrganization() {
        String key = key(TestServiceAccounts.create("teams/" + teamA, null).getString("name"));
        String foreignTeam = Api.createTeam(Api.createOrganization());
        test(key, Api.createProject(foreignTeam, "OPEN")).body("permissions", empty());
    }

    @Test
    void projectScopedReachesNoProjectImplicitly() {
        String home = Api.createProject(teamA, "OPEN");
        String key = key(TestServiceAccounts.create("projects/" + home, null).getString("name"));
        test(key, Api.createProject(teamA, "TEAM")).body("permissions", empty());
        test(key, Api.createProject(teamB, "OPEN")).body("permissions", empty());
    }

    @Test
    void orgScopedCreateWhenDefaultTeamMissingThenInvalidArgument() {
        Api.asAdmin()
                .body(TestServiceAccounts.body(Api.uniqueId("sa"), null))
                .post("/v1/organizations/" + org + "/serviceAccounts")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void orgScopedCreateWhenDefaultTeamInAnotherOrganizationThenInvalidArgument() {
        String foreignTeam = Api.createTeam(Api.createOrganization());
        Api.asAdmin()
                .body(TestServiceAccounts.body(Api.uniqueId("sa"), "teams/" + foreignTeam))
                .post("/v1/organizations/" + org + "/serviceAccounts")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body(TestServiceAccounts.body(Api.uniqueId("sa"), "teams/no-such-team-y"))
                .post("/v1/organizations/" + org + "/serviceAccounts")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    private static String key(String accountName) {
        return TestServiceAccounts.apiKey(accountName);
    }

    private static ValidatableResponse test(String key, String project) {
        return TestServiceAccounts.withKey(key)
                .body(Map.of("permissions", List.of("projects.get", "projects.write")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then()
                .statusCode(200);
    }

    /** The project admin (not an org admin) adds the account to the restricted project. */
    @SuppressWarnings("unchecked")
    private static void addMember(String projectAdmin, String project, String email) {
        Map<String, Object> policy = Api.as(projectAdmin)
                .post("/v1/projects/" + project + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        List<Object> bindings = new ArrayList<>((List<Object>) policy.get("bindings"));
        bindings.add(Map.of("role", "roles/member", "members", List.of("serviceAccount:" + email)));
        Api.as(projectAdmin)
                .body(Map.of("policy", Map.of("bindings", bindings, "etag", policy.get("etag"))))
                .post("/v1/projects/" + project + ":setIamPolicy")
                .then()
                .statusCode(200);
    }
}
