package dev.tollgate.serviceaccount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.OnVertx;
import dev.tollgate.testing.TestClock;
import dev.tollgate.testing.TestRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduled purge of deleted accounts once their undelete window ({@code deleted-retention}, 30 days) passed. */
@QuarkusTest
class AccountPurgeTest {

    @Inject
    TestClock clock;

    @Inject
    Pool database;

    @Inject
    AccountPurge purge;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void purgeWhenUndeleteWindowPassedThenAccountKeysAndPolicyGoneAndRecentlyDeletedKept() throws Throwable {
        String team = Api.createTeam(Api.createOrganization());
        String base = "/v1/teams/" + team + "/serviceAccounts/";
        JsonPath old = TestServiceAccounts.create("teams/" + team, null);
        String uniqueId = old.getString("uniqueId");
        TestServiceAccounts.newKey(old.getString("name"));
        Api.asAdmin()
                .body(Map.of())
                .post("/v1/" + old.getString("name") + "/keys")
                .then()
                .statusCode(200);
        Api.bind(old.getString("name"), "roles/iam.serviceAccountUser", "user:" + Api.ADMIN);
        String policy = "teams/" + team + "/serviceAccounts/" + uniqueId;
        assertThat(count("select count(*) from iam_policies where resource = $1", policy), equalTo(1L));
        JsonPath recent = TestServiceAccounts.create("teams/" + team, null);
        Api.asAdmin().delete("/v1/" + old.getString("name")).then().statusCode(200);
        clock.advance(Duration.ofDays(29));
        Api.asAdmin().delete("/v1/" + recent.getString("name")).then().statusCode(200);
        clock.advance(Duration.ofDays(2));

        OnVertx.await(purge::purgeExpired);

        assertThat(count("select count(*) from service_accounts where unique_id = $1", uniqueId), equalTo(0L));
        assertThat(count("select count(*) from service_account_api_keys where account_id = $1", uniqueId), equalTo(0L));
        assertThat(count("select count(*) from iam_policies where resource = $1", policy), equalTo(0L));
        assertThat(
                count("select count(*) from retired_service_account_ids where unique_id = $1", uniqueId), equalTo(1L));
        awaitZero("select count(*) from service_account_keys where account_unique_id = $1", uniqueId);
        awaitZero("select count(*) from signing_keys where key_set = $1", "sa:" + uniqueId);
        Api.asAdmin()
                .post(base + uniqueId + ":undelete")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .post(base + recent.getString("uniqueId") + ":undelete")
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
