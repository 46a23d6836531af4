package dev.tollgate.attacks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a team or project admin switches off a guardrail its organization enforces (docs/api.md "Organization
 * policies and settings"). {@code roles/admin} on a team holds every permission there, so without the rule that
 * guardrails are set from the organization, a team admin lifted an org-wide key-creation ban.
 */
@QuarkusTest
class GuardrailBypassAttackTest {

    private static final String BAN = "iam.disableServiceAccountKeyCreation";

    private String org;
    private String team;
    private String project;
    private String teamAdmin;
    private String accountKeys;

    @BeforeEach
    void organizationBansKeyCreation() {
        org = Api.createOrganization();
        team = Api.createTeam(org);
        project = Api.createProject(team, "TEAM");
        teamAdmin = Api.uniqueId("team-admin") + "@example.com";
        Api.bind("teams/" + team, "roles/admin", "user:" + teamAdmin);
        String account = Api.asAdmin()
                .body(Map.of("accountId", Api.uniqueId("sa"), "serviceAccount", Map.of("displayName", "ci")))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .path("name");
        accountKeys = "/v1/" + account + "/keys";
        Api.asAdmin()
                .body(enforce(true))
                .put("/v1/organizations/" + org + "/policies/" + BAN)
                .then()
                .statusCode(200);
    }

    @Test
    void setPolicyWhenTeamAdminLiftsOrganizationBanThenPermissionDeniedAndNothingWritten() {
        Api.as(teamAdmin)
                .body(enforce(false))
                .put("/v1/teams/" + team + "/policies/" + BAN)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("organizations/" + org));
        Api.as(teamAdmin)
                .body(Map.of("spec", Map.of("reset", true)))
                .put("/v1/projects/" + project + "/policies/" + BAN)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(teamAdmin)
                .delete("/v1/organizations/" + org + "/policies/" + BAN)
                .then()
                .statusCode(403);

        Api.asAdmin()
                .get("/v1/teams/" + team + "/policies")
                .then()
                .statusCode(200)
                .body("policies", hasSize(0));
        Api.asAdmin()
                .get("/v1/projects/" + project + "/policies")
                .then()
                .statusCode(200)
                .body("policies", hasSize(0));
        Api.as(teamAdmin)
                .get("/v1/projects/" + project + "/policies/" + BAN + ":getEffectivePolicy")
                .then()
                .statusCode(200)
                .body("spec.rules[0].enforce", equalTo(true));
        Api.as(teamAdmin)
                .body(Map.of())
                .post(accountKeys)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString(BAN));
    }

    @Test
    void setIamPolicyWhenTeamAdminGrantsItselfPolicyAdminOnTeamThenInvalidArgument() {
        Map<String, Object> policy = Map.of(
                "policy",
                Map.of(
                        "bindings",
                        List.of(
                                Map.of("role", "roles/admin", "members", List.of("user:" + teamAdmin)),
                                Map.of(
                                        "role",
                                        "roles/orgpolicy.policyAdmin",
                                        "members",
                                        List.of("user:" + teamAdmin)))));
        Api.as(teamAdmin)
                .body(policy)
                .post("/v1/teams/" + team + ":setIamPolicy")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("roles/orgpolicy.policyAdmin"));
        Api.as(teamAdmin)
                .body(policy)
                .post("/v1/projects/" + project + ":setIamPolicy")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));

        Api.asAdmin()
                .post("/v1/teams/" + team + ":getIamPolicy")
                .then()
                .statusCode(200)
                .body("bindings.role", equalTo(List.of("roles/admin")));
        Api.as(teamAdmin)
                .body(enforce(false))
                .put("/v1/teams/" + team + "/policies/" + BAN)
                .then()
                .statusCode(403);
    }

    @Test
    void updateSettingWhenTeamAdminLengthensOrganizationKeyExpiryThenPermissionDenied() {
        String setting = "/settings/iam-serviceAccountKeyExpiry";
        Api.asAdmin()
                .body(Map.of("value", Map.of("stringValue", "24h")))
                .patch("/v1/organizations/" + org + setting)
                .then()
                .statusCode(200);
        Api.as(teamAdmin)
                .body(Map.of("value", Map.of("stringValue", "2160h")))
                .patch("/v1/teams/" + team + setting)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.asAdmin()
                .get("/v1/projects/" + project + setting + ":getEffectiveValue")
                .then()
                .statusCode(200)
                .body("value.stringValue", equalTo("24h"));
    }

    @Test
    void setPolicyWhenOrganizationPolicyAdminLiftsBanForTeamThenAllowed() {
        String policyAdmin = Api.uniqueId("policy-admin") + "@example.com";
        Api.bind("organizations/" + org, "roles/orgpolicy.policyAdmin", "user:" + policyAdmin);
        Api.as(policyAdmin)
                .body(enforce(false))
                .put("/v1/teams/" + team + "/policies/" + BAN)
                .then()
                .statusCode(200);
        Api.as(teamAdmin).body(Map.of()).post(accountKeys).then().statusCode(200);
    }

    private static Map<String, Object> enforce(boolean enforce) {
        return Map.of("spec", Map.of("rules", List.of(Map.of("enforce", enforce))));
    }
}
