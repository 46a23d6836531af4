package dev.tollgate.attacks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threat: whoever can create API keys for an account (or a takeover of one) mints keys without end — persistence that
 * is hard to clean up, and rows without bound. An account holds at most {@code tollgate.service-accounts.max-api-keys}
 * (10) keys.
 */
@QuarkusTest
class ApiKeyCapAttackTest {

    @Test
    void createApiKeyWhenAccountHasTenThenFailedPreconditionAndNoEleventh() {
        String name = TestServiceAccounts.create("teams/" + Api.createTeam(Api.createOrganization()), null)
                .getString("name");
        for (int i = 0; i < 10; i++) {
            TestServiceAccounts.newKey(name);
        }
        Api.asAdmin()
                .body(Map.of("displayName", "eleventh"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("10"));
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().statusCode(200).body("apiKeys", hasSize(10));

        String first =
                Api.asAdmin().get("/v1/" + name + "/apiKeys").then().extract().path("apiKeys[0].keyId");
        Api.asAdmin().delete("/v1/" + name + "/apiKeys/" + first).then().statusCode(200);
        TestServiceAccounts.newKey(name);
    }
}
