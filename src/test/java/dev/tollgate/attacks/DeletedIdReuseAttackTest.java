package dev.tollgate.attacks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threat: a deleted organization, team or project leaves its permissions behind, and whoever creates a resource with
 * the same id later, in any organization, inherits them (bindings, policies, undeletable accounts and pools, audit
 * history). Ids are retired for good and everything kept for a deleted resource goes with it (docs/api.md "Resource
 * hierarchy").
 */
@QuarkusTest
class DeletedIdReuseAttackTest {

    private static final String MALLORY = "mallory@example.com";
    private static final String AUDITOR = "auditor@example.com";
    /** {@code tollgate.bootstrap.organization}'s default. */
    private static final String BOOTSTRAP_ORGANIZATION = "default";

    @Inject
    Pool database;

    @Test
    void createProjectWhenIdOfDeletedProjectThenAlreadyExistsAndNothingInherited() {
        String malloryTeam = Api.createTeam(Api.createOrganization());
        Api.bind("teams/" + malloryTeam, "roles/admin", "user:" + MALLORY);
        String billing = Api.uniqueId("billing");
        Api.as(MALLORY)
                .body(Map.of("projectId", billing, "parent", "teams/" + malloryTeam))
                .post("/v1/projects")
                .then()
                .statusCode(200);
        makeAdmin(MALLORY, "projects/" + billing);
        // Guardrails are set from the organization (docs/security.md "Organization guardrails"): its admin leaves them.
        Api.asAdmin()
                .body(Map.of("spec", Map.of("rules", List.of(Map.of("enforce", false)))))
                .put("/v1/projects/" + billing + "/policies/iam.disableServiceAccountCreation")
                .then()
                .statusCode(200);
        Api.asAdmin()
                .body(Map.of("value", Map.of("stringValue", "720h")))
                .patch("/v1/projects/" + billing + "/settings/iam-serviceAccountKeyExpiry")
                .then()
                .statusCode(200);
        assertThat(count("select count(*) from iam_policies where resource = $1", "projects/" + billing), equalTo(1L));
        Api.as(MALLORY).delete("/v1/projects/" + billing).then().statusCode(200);

        String victimTeam = Api.createTeam(Api.createOrganization());
        Api.asAdmin()
                .body(Map.of("projectId", billing, "parent", "teams/" + victimTeam, "visibility", "RESTRICTED"))
                .post("/v1/projects")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"))
                .body("error.message", containsString("never reused"));

        Api.as(MALLORY).get("/v1/projects/" + billing).then().statusCode(404);
        Api.as(MALLORY).post("/v1/projects/" + billing + ":getIamPolicy").then().statusCode(404);
        assertThat(count("select count(*) from iam_policies where resource = $1", "projects/" + billing), equalTo(0L));
        assertThat(count("select count(*) from org_policies where resource = $1", "projects/" + billing), equalTo(0L));
        assertThat(count("select count(*) from org_settings where resource = $1", "projects/" + billing), equalTo(0L));
    }

    @Test
    void createTeamOrOrganizationWhenIdOfDeletedOneThenAlreadyExistsInAnyOrganization() {
        String malloryOrg = Api.createOrganization();
        String team = Api.createTeam(malloryOrg);
        Api.bind("teams/" + team, "roles/admin", "user:" + MALLORY);
        Api.asAdmin().delete("/v1/teams/" + team).then().statusCode(200);
        Api.asAdmin()
                .body(Map.of("teamId", team, "parent", "organizations/" + Api.createOrganization()))
                .post("/v1/teams")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
        Api.asAdmin()
                .body(Map.of("teamId", team, "parent", "organizations/" + malloryOrg))
                .post("/v1/teams")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
        assertThat(count("select count(*) from iam_policies where resource = $1", "teams/" + team), equalTo(0L));

        Api.bind("organizations/" + malloryOrg, "roles/admin", "user:" + MALLORY);
        Api.asAdmin().delete("/v1/organizations/" + malloryOrg).then().statusCode(200);
        Api.asAdmin()
                .body(Map.of("orgId", malloryOrg))
                .post("/v1/organizations")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
        assertThat(
                count("select count(*) from iam_policies where resource = $1", "organizations/" + malloryOrg),
                equalTo(0L));
    }

    @Test
    void undeleteServiceAccountWhenItsHomeWasDeletedThenNotFoundAndKeysGone() {
        String team = Api.createTeam(Api.createOrganization());
        Map<String, Object> account = Api.asAdmin()
                .body(Map.of("accountId", Api.uniqueId("sa"), "serviceAccount", Map.of("displayName", "ci")))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        String uniqueId = (String) account.get("uniqueId");
        String keyString = Api.asAdmin()
                .body(Map.of("displayName", "ci"))
                .post("/v1/" + account.get("name") + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .path("keyString");
        Api.asAdmin().delete("/v1/" + account.get("name")).then().statusCode(200);
        Api.asAdmin().delete("/v1/teams/" + team).then().statusCode(200);

        Api.asAdmin()
                .post("/v1/teams/" + team + "/serviceAccounts/" + uniqueId + ":undelete")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .post("/v1/projects/-/serviceAccounts/" + uniqueId + ":undelete")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .body(Map.of("teamId", team, "parent", "organizations/" + Api.createOrganization()))
                .post("/v1/teams")
                .then()
                .statusCode(409);
        RestAssured.given()
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", account.get("email"))
                .formParam("client_secret", keyString)
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        assertThat(count("select count(*) from service_accounts where unique_id = $1", uniqueId), equalTo(0L));
        assertThat(count("select count(*) from service_account_api_keys where account_id = $1", uniqueId), equalTo(0L));
        assertThat(
                count("select count(*) from retired_service_account_ids where unique_id = $1", uniqueId), equalTo(1L));
        awaitZero("select count(*) from signing_keys where key_set = $1", "sa:" + uniqueId);
    }

    @Test
    void undeletePoolWhenItsProjectWasDeletedThenNotFoundAndProvidersGone() {
        String project = Api.createProject(Api.createTeam(Api.createOrganization()), "TEAM");
        String pools = "/v1/projects/" + project + "/locations/global/workloadIdentityPools";
        String pool = "pool-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Api.asAdmin()
                .body(Map.of("displayName", "ci"))
                .post(pools + "?workloadIdentityPoolId=" + pool)
                .then()
                .statusCode(200);
        Api.asAdmin()
                .body(Map.of(
                        "oidc",
                        Map.of(
                                "issuerUri",
                                TestIdentityProviders.issuer("github").url()),
                        "attributeMapping",
                        Map.of("google.subject", "assertion.sub")))
                .post(pools + "/" + pool + "/providers?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(200);
        Api.asAdmin().delete(pools + "/" + pool).then().statusCode(200);
        Api.asAdmin().delete("/v1/projects/" + project).then().statusCode(200);

        Api.asAdmin()
                .post(pools + "/" + pool + ":undelete")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        assertThat(count("select count(*) from workload_identity_pools where project_id = $1", project), equalTo(0L));
        assertThat(
                count(
                        "select count(*) from workload_identity_pool_providers where pool_resource like $1",
                        "projects/" + project + "/%"),
                equalTo(0L));
    }

    @Test
    void auditLogOfDeletedProjectWhenReadThenOnlyThroughTheOrganizationThatKeptIt() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        Api.bind("organizations/" + org, "roles/logging.viewer", "user:" + AUDITOR);
        String project = Api.createProject(team, "TEAM");
        Api.bind("projects/" + project, "roles/admin", "user:" + MALLORY);
        Api.as(MALLORY).get("/v1/projects/" + project + "/auditLogs").then().statusCode(200);
        Api.asAdmin().delete("/v1/projects/" + project).then().statusCode(200);

        List<String> methods = Api.as(AUDITOR)
                .queryParam("filter", "resource=\"projects/" + project + "\"")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entries.method");
        assertThat(methods, hasItems("CreateProject", "SetIamPolicy", "DeleteProject"));
        Api.as(MALLORY).get("/v1/projects/" + project + "/auditLogs").then().statusCode(404);
        Api.as(MALLORY).get("/v1/organizations/" + org + "/auditLogs").then().statusCode(403);

        String otherTeam = Api.createTeam(Api.createOrganization());
        Api.asAdmin()
                .body(Map.of("projectId", project, "parent", "teams/" + otherTeam))
                .post("/v1/projects")
                .then()
                .statusCode(409);
        Api.asAdmin().get("/v1/projects/" + project + "/auditLogs").then().statusCode(404);
    }

    @Test
    void deleteBootstrapOrganizationThenFailedPrecondition() {
        Api.asAdmin()
                .delete("/v1/organizations/" + BOOTSTRAP_ORGANIZATION)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
        Api.asAdmin().get("/v1/organizations/" + BOOTSTRAP_ORGANIZATION).then().statusCode(200);
    }

    /** {@code email}, an admin of {@code resource}'s parent, makes itself admin of it: read, add a binding, set. */
    private static void makeAdmin(String email, String resource) {
        Map<String, Object> policy = Api.as(email)
                .post("/v1/" + resource + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bindings =
                new ArrayList<>((List<Map<String, Object>>) policy.getOrDefault("bindings", List.of()));
        bindings.add(Map.of("role", "roles/admin", "members", List.of("user:" + email)));
        Api.as(email)
                .contentType(ContentType.JSON)
                .body(Map.of("policy", Map.of("bindings", bindings, "etag", policy.get("etag"))))
                .post("/v1/" + resource + ":setIamPolicy")
                .then()
                .statusCode(200);
    }

    private long count(String sql, Object parameter) {
        return TestRows.count(database, sql, parameter);
    }

    private void awaitZero(String sql, Object parameter) {
        TestRows.awaitZero(database, sql, parameter);
    }
}
