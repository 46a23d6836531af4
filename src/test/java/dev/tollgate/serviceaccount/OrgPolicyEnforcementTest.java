package dev.tollgate.serviceaccount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.support.Timestamps;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Organization policies and the key-expiry setting where service accounts and API keys are created. */
@QuarkusTest
class OrgPolicyEnforcementTest {

    @Test
    void createWhenServiceAccountCreationDisabledOnOrganizationThenFailedPreconditionInItsTeams() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        TestServiceAccounts.create("teams/" + team, null);
        enforce("organizations/" + org, "iam.disableServiceAccountCreation");
        Api.asAdmin()
                .body(TestServiceAccounts.body(Api.uniqueId("sa"), null))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("iam.disableServiceAccountCreation"));
        Api.asAdmin().get("/v1/teams/" + team + "/serviceAccounts").then().body("accounts", hasSize(1));
    }

    @Test
    void createApiKeyWhenApiKeyCreationDisabledThenFailedPreconditionAndExistingKeysKeepWorking() {
        String team = Api.createTeam(Api.createOrganization());
        String name = TestServiceAccounts.create("teams/" + team, null).getString("name");
        String key = TestServiceAccounts.apiKey(name);
        enforce("teams/" + team, "iam.disableServiceAccountApiKeyCreation");
        Api.asAdmin()
                .body(Map.of("displayName", "blocked"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("iam.disableServiceAccountApiKeyCreation"));
        TestServiceAccounts.withKey(key)
                .body(Map.of("permissions", List.of("projects.get")))
                .post("/v1/projects/" + Api.createProject(team, "TEAM") + ":testIamPermissions")
                .then()
                .statusCode(200);
    }

    @Test
    void createApiKeyWhenKeyExpirySetAboveThenExpireTimeSetAndCapped() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        String name = TestServiceAccounts.create("teams/" + team, null).getString("name");
        JsonPath before = TestServiceAccounts.newKey(name);
        Api.asAdmin()
                .body(Map.of("value", Map.of("stringValue", "24h")))
                .patch("/v1/organizations/" + org + "/settings/iam-serviceAccountKeyExpiry")
                .then()
                .statusCode(200);

        Instant now = Instant.now();
        Instant set = Instant.parse(TestServiceAccounts.newKey(name).getString("expireTime"));
        assertThat(
                Duration.between(now, set).toMinutes() >= 24 * 60 - 5
                        && Duration.between(now, set).toMinutes() <= 24 * 60 + 5,
                equalTo(true));
        Instant capped = Instant.parse(Api.asAdmin()
                .body(Map.of("displayName", "long", "expireTime", Timestamps.format(now.plus(Duration.ofDays(30)))))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .path("expireTime"));
        assertThat(capped.isBefore(now.plus(Duration.ofHours(25))), equalTo(true));
        String shorter = Timestamps.format(now.plus(Duration.ofHours(2)));
        Api.asAdmin()
                .body(Map.of("displayName", "short", "expireTime", shorter))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .body("expireTime", equalTo(shorter));
        Api.asAdmin()
                .get("/v1/" + name + "/apiKeys/" + before.getString("keyId"))
                .then()
                .statusCode(200)
                .body("expireTime", nullValue());
    }

    private static void enforce(String resource, String constraint) {
        Api.asAdmin()
                .body(Map.of("spec", Map.of("rules", List.of(Map.of("enforce", true)))))
                .put("/v1/" + resource + "/policies/" + constraint)
                .then()
                .statusCode(200);
    }
}
