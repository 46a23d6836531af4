package dev.tollgate.serviceaccount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quick start of README: the bootstrap key drives the admin API. */
@QuarkusTest
class BootstrapAdminTest {

    @Inject
    TollgateConfig config;

    @Test
    void bootstrapKeyFileIsPrivateAndHoldsAKey() throws Exception {
        Path file = config.dataDir().resolve("bootstrap-admin.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), equalTo("rw-------"));
        assertThat(Files.readString(file).trim(), matchesPattern("tg_[0-9a-f]{16}_[0-9A-Za-z]{43}"));
    }

    @Test
    void bootstrapKeyCreatesTeamProjectServiceAccountAndItsKey() throws Exception {
        String key = Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                .trim();
        String team = Api.uniqueId("qs-team");
        String project = Api.uniqueId("qs-proj");
        TestServiceAccounts.withKey(key)
                .body(Map.of("teamId", team, "parent", "organizations/default"))
                .post("/v1/teams")
                .then()
                .statusCode(200);
        TestServiceAccounts.withKey(key)
                .body(Map.of("projectId", project, "parent", "teams/" + team))
                .post("/v1/projects")
                .then()
                .statusCode(200);
        String name = TestServiceAccounts.withKey(key)
                .body(TestServiceAccounts.body(Api.uniqueId("ci"), null))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .path("name");
        String ciKey = TestServiceAccounts.withKey(key)
                .body(Map.of("displayName", "ci"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .path("keyString");
        TestServiceAccounts.withKey(ciKey)
                .body(Map.of("permissions", List.of("projects.write")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions[0]", equalTo("projects.write"));
        TestServiceAccounts.withKey(key)
                .get("/v1/organizations/default/serviceAccounts")
                .then()
                .statusCode(200)
                .body("accounts.find { it.email.startsWith('bootstrap-admin@') }.defaultTeam", equalTo("teams/admins"));
    }
}
