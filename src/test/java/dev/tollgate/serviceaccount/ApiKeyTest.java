package dev.tollgate.serviceaccount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.support.Timestamps;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ApiKeyTest {

    @Inject
    TestClock clock;

    @Inject
    Pool database;

    private String team;
    private JsonPath account;
    private String name;

    @BeforeEach
    void account() {
        team = Api.createTeam(Api.createOrganization());
        account = TestServiceAccounts.create("teams/" + team, null);
        name = account.getString("name");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void createWhenValidThenKeyStringShownOnceAndNeverListed() {
        JsonPath created = TestServiceAccounts.newKey(name);
        String keyId = created.getString("keyId");
        assertThat(created.getString("keyString"), matchesPattern("tg_" + keyId + "_[0-9A-Za-z]{43}"));
        assertThat(keyId, matchesPattern("[0-9a-f]{16}"));
        assertThat(created.getString("name"), equalTo(name + "/apiKeys/" + keyId));
        Api.asAdmin()
                .get("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .body("apiKeys", hasSize(1))
                .body("apiKeys[0].keyId", equalTo(keyId))
                .body("apiKeys[0]", not(hasKey("keyString")));
        Api.asAdmin()
                .get("/v1/" + name + "/apiKeys/" + keyId)
                .then()
                .statusCode(200)
                .body("$", not(hasKey("keyString")))
                .body("displayName", equalTo("ci"));
    }

    @Test
    void keyAuthenticatesAsItsAccountAndRecordsLastUse() {
        JsonPath created = TestServiceAccounts.newKey(name);
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().body("apiKeys[0].lastUsedTime", nullValue());
        String project = Api.createProject(team, "TEAM");
        assertWorks(created.getString("keyString"), project);
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().body("apiKeys[0].lastUsedTime", notNullValue());
        Api.asAdmin().get("/v1/" + name).then().body("lastUsedTime", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tg_",
                "tg_0123456789abcdef_short",
                "tg_0123456789abcdef_0123456789012345678901234567890123456789012",
                "tg_XYZ3456789abcdef_012345678901234567890123456789012345678901"
            })
    void authenticateWhenKeyMalformedOrUnknownThenUnauthenticated(String bearer) {
        assertRefused(bearer, Api.createProject(team, "TEAM"));
    }

    @Test
    void authenticateWhenSecretWrongThenUnauthenticated() {
        String key = TestServiceAccounts.apiKey(name);
        String tampered = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
        assertRefused(tampered, Api.createProject(team, "TEAM"));
    }

    @Test
    void disableKeyTakesEffectOnTheNextRequestAndEnableRestores() {
        JsonPath created = TestServiceAccounts.newKey(name);
        String key = created.getString("keyString");
        String project = Api.createProject(team, "TEAM");
        assertWorks(key, project);
        Api.asAdmin()
                .post("/v1/" + name + "/apiKeys/" + created.getString("keyId") + ":disable")
                .then()
                .statusCode(200)
                .body("disabled", equalTo(true));
        assertRefused(key, project);
        Api.asAdmin()
                .post("/v1/" + name + "/apiKeys/" + created.getString("keyId") + ":enable")
                .then()
                .statusCode(200);
        assertWorks(key, project);
    }

    @Test
    void deleteKeyTakesEffectOnTheNextRequest() {
        JsonPath created = TestServiceAccounts.newKey(name);
        String key = created.getString("keyString");
        String project = Api.createProject(team, "TEAM");
        assertWorks(key, project);
        Api.asAdmin()
                .delete("/v1/" + name + "/apiKeys/" + created.getString("keyId"))
                .then()
                .statusCode(200);
        assertRefused(key, project);
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().body("apiKeys", hasSize(0));
    }

    @Test
    void deleteWhenKeyBelongsToAnotherAccountThenNotFoundAndKeyKeepsWorking() {
        JsonPath created = TestServiceAccounts.newKey(name);
        String other = TestServiceAccounts.create("teams/" + team, null).getString("name");
        Api.asAdmin()
                .delete("/v1/" + other + "/apiKeys/" + created.getString("keyId"))
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .post("/v1/" + other + "/apiKeys/" + created.getString("keyId") + ":disable")
                .then()
                .statusCode(404);
        assertWorks(created.getString("keyString"), Api.createProject(team, "TEAM"));
    }

    @Test
    void expiredKeyIsRefused() {
        String expireTime = Timestamps.format(clock.instant().plus(Duration.ofHours(1)));
        JsonPath created = Api.asAdmin()
                .body(Map.of("displayName", "short-lived", "expireTime", expireTime))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .body("expireTime", equalTo(expireTime))
                .extract()
                .jsonPath();
        String project = Api.createProject(team, "TEAM");
        assertWorks(created.getString("keyString"), project);
        clock.advance(Duration.ofHours(2));
        assertRefused(created.getString("keyString"), project);
    }

    @Test
    void createWhenExpireTimeInThePastOrMalformedThenInvalidArgument() {
        for (String expireTime : List.of(Timestamps.format(clock.instant().minusSeconds(60)), "tomorrow")) {
            Api.asAdmin()
                    .body(Map.of("displayName", "x", "expireTime", expireTime))
                    .post("/v1/" + name + "/apiKeys")
                    .then()
                    .statusCode(400)
                    .body("error.status", equalTo("INVALID_ARGUMENT"));
        }
        Api.asAdmin()
                .body(Map.of("displayName", "x".repeat(101)))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(400);
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().body("apiKeys", hasSize(0));
    }

    @Test
    void disabledAccountKeysStopAtOnceAndWorkAgainWhenEnabled() {
        String key = TestServiceAccounts.apiKey(name);
        String project = Api.createProject(team, "TEAM");
        assertWorks(key, project);
        Api.asAdmin().post("/v1/" + name + ":disable").then().statusCode(200);
        assertRefused(key, project);
        Api.asAdmin().post("/v1/" + name + ":enable").then().statusCode(200);
        assertWorks(key, project);
    }

    @Test
    void deletedAccountKeysStopAtOnceAndWorkAgainWhenUndeleted() {
        String key = TestServiceAccounts.apiKey(name);
        String project = Api.createProject(team, "TEAM");
        assertWorks(key, project);
        Api.asAdmin().delete("/v1/" + name).then().statusCode(200);
        assertRefused(key, project);
        Api.asAdmin()
                .post("/v1/teams/" + team + "/serviceAccounts/" + account.getString("uniqueId") + ":undelete")
                .then()
                .statusCode(200);
        assertWorks(key, project);
    }

    @Test
    void keysReachableThroughTheWildcardHome() {
        String wildcard = "projects/-/serviceAccounts/" + account.getString("uniqueId");
        JsonPath created = Api.asAdmin()
                .body(Map.of("displayName", "via wildcard"))
                .post("/v1/" + wildcard + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(created.getString("name"), equalTo(name + "/apiKeys/" + created.getString("keyId")));
        Api.asAdmin().get("/v1/" + wildcard + "/apiKeys").then().statusCode(200).body("apiKeys", hasSize(1));
    }

    @Test
    void createWhenViewerThenPermissionDeniedButMayList() {
        String user = Api.uniqueId("user") + "@example.com";
        Api.bind("teams/" + team, "roles/viewer", "user:" + user);
        Api.as(user).get("/v1/" + name + "/apiKeys").then().statusCode(200);
        Api.as(user)
                .body(Map.of("displayName", "x"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void accountWithKeyCannotManageWhatItHasNoRoleFor() {
        String key = TestServiceAccounts.apiKey(name);
        TestServiceAccounts.withKey(key)
                .body(Map.of("displayName", "self-made"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(403);
        TestServiceAccounts.withKey(key)
                .body(Map.of("teamId", Api.uniqueId("t"), "parent", "organizations/default"))
                .post("/v1/teams")
                .then()
                .statusCode(403);
    }

    @Test
    void keyDisabledByAnotherReplicaStopsWorkingWhenItsChangeArrives() throws Exception {
        JsonPath created = TestServiceAccounts.newKey(name);
        String key = created.getString("keyString");
        String project = Api.createProject(team, "TEAM");
        assertWorks(key, project);
        // What another replica does: change the row and announce it in the same transaction.
        database.withTransaction(connection -> connection
                        .preparedQuery("update service_account_api_keys set disabled = true where key_id = $1")
                        .execute(Tuple.of(created.getString("keyId")))
                        .chain(() -> connection
                                .preparedQuery("select cast(pg_notify($1, $2) as text)")
                                .execute(Tuple.of("tollgate_" + CredentialCache.TOPIC, created.getString("keyId")))))
                .await()
                .atMost(Duration.ofSeconds(5));
        int status = 200;
        for (int attempt = 0; attempt < 100 && status == 200; attempt++) {
            Thread.sleep(50);
            status = TestServiceAccounts.withKey(key)
                    .body(Map.of("permissions", List.of("projects.get")))
                    .post("/v1/projects/" + project + ":testIamPermissions")
                    .statusCode();
        }
        assertThat(status, equalTo(401));
    }

    private static void assertWorks(String key, String project) {
        TestServiceAccounts.withKey(key)
                .body(Map.of("permissions", List.of("projects.get")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", equalTo(List.of("projects.get")));
    }

    private static void assertRefused(String key, String project) {
        TestServiceAccounts.withKey(key)
                .body(Map.of("permissions", List.of("projects.get")))
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }
}
