package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Threat: an API key sent by mistake as {@code client_id} (a common slip) is kept in clear in the audit log and the
 * error description, where everyone who reads logs can take it. Key-shaped values are cut to {@code tg_<keyId>_…}.
 */
@QuarkusTest
class AuditSecretLeakAttackTest {

    @Test
    void tokenWhenApiKeySentAsClientIdThenAuditAndAnswerHoldOnlyTheKeyId() throws Exception {
        String team = Api.createTeam(Api.createOrganization());
        JsonPath key = TestServiceAccounts.newKey(
                TestServiceAccounts.create("teams/" + team, null).getString("name"));
        String keyString = key.getString("keyString");
        String secret = keyString.substring(keyString.lastIndexOf('_') + 1);

        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", keyString)
                .formParam("client_secret", keyString)
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"))
                .body("error_description", not(containsString(secret)))
                .body("error_description", containsString("tg_" + key.getString("keyId") + "_…"));

        String log = auditLogWithRefusal(team);
        assertFalse(log.contains(secret), "the audit log holds the key's secret");
        assertTrue(log.contains("tg_" + key.getString("keyId") + "_…"), log);
    }

    /** The team's audit log once the refusal (written in batches) is in it. */
    private static String auditLogWithRefusal(String team) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = Api.asAdmin()
                    .queryParam("filter", "result=\"invalid_client\"")
                    .get("/v1/teams/" + team + "/auditLogs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            if (log.contains("invalid_client")) {
                return log;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No refusal in the audit log of teams/" + team + ": " + log);
    }
}
