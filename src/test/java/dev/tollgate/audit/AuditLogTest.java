package dev.tollgate.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

    @Test
    void mutationsAreRecordedWithCallerAndRequest() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        Api.asAdmin()
                .queryParam("updateMask", "displayName")
                .body(Map.of("displayName", "Renamed"))
                .patch("/v1/teams/" + team)
                .then()
                .statusCode(200);
        Api.asAdmin()
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries.method", hasItem("CreateOrganization"))
                .body("entries.method", hasItem("CreateTeam"))
                .body("entries.method", hasItem("UpdateTeam"))
                .body("entries.principal", everyItem(equalTo("user:" + Api.ADMIN)))
                .body("entries[0].requestId", notNullValue())
                .body("entries[0].result", equalTo("OK"));
        Api.asAdmin()
                .get("/v1/teams/" + team + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries.method", not(hasItem("CreateOrganization")));
    }

    @Test
    void failedMutationsAreNotRecorded() {
        String org = Api.createOrganization();
        Api.as("mallory@example.com")
                .body(Map.of("teamId", Api.uniqueId("team"), "parent", "organizations/" + org))
                .post("/v1/teams")
                .then()
                .statusCode(403);
        Api.asAdmin()
                .body(Map.of("teamId", "x", "parent", "organizations/" + org))
                .post("/v1/teams")
                .then()
                .statusCode(400);
        Api.asAdmin()
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].method", equalTo("CreateOrganization"));
    }

    @Test
    void filterByMethodAndPaging() {
        String org = Api.createOrganization();
        for (int i = 0; i < 3; i++) {
            Api.createTeam(org);
        }
        String token = Api.asAdmin()
                .queryParam("filter", "method=\"CreateTeam\"")
                .queryParam("pageSize", 2)
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries", hasSize(2))
                .body("entries.method", everyItem(equalTo("CreateTeam")))
                .extract()
                .path("nextPageToken");
        Api.asAdmin()
                .queryParam("filter", "method=\"CreateTeam\"")
                .queryParam("pageSize", 2)
                .queryParam("pageToken", token)
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1));
    }

    @Test
    void filterByTimeRange() {
        String org = Api.createOrganization();
        Api.asAdmin()
                .queryParam("filter", "timestamp>=\"2000-01-01T00:00:00Z\" AND timestamp<\"2001-01-01T00:00:00Z\"")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries", hasSize(0));
    }

    @Test
    void filterWhenMalformedThenInvalidArgument() {
        String org = Api.createOrganization();
        Api.asAdmin()
                .queryParam("filter", "secret LIKE 'x'")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .queryParam("filter", "timestamp>=\"yesterday\"")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(400);
        Api.asAdmin()
                .queryParam("pageToken", "garbage!")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(400);
    }

    @Test
    void readingNeedsLoggingViewer() {
        String org = Api.createOrganization();
        Api.as("reader@example.com")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(403);
        Api.bind("organizations/" + org, "roles/logging.viewer", "user:reader@example.com");
        Api.as("reader@example.com")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200);
    }
}
