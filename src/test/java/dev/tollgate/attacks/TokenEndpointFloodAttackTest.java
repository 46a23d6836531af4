package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.audit.AuditFixtures;
import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: one client or one address floods the token endpoints (guessing API keys, burning CPU on signatures,
 * filling the audit log). Each client and each source address has a token bucket; over it: 429 {@code rate_limited}
 * with {@code Retry-After}, summarized in the audit log with the flooding address. Limits here are tiny so the test can reach them; the defaults are far above normal load.
 */
@QuarkusTest
@TestProfile(TokenEndpointFloodAttackTest.TinyLimits.class)
class TokenEndpointFloodAttackTest {

    public static class TinyLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tollgate.token.rate-limit.per-client",
                    "2",
                    "tollgate.token.rate-limit.per-address",
                    "2",
                    "tollgate.token.rate-limit.burst-seconds",
                    "1",
                    "tollgate.token.rate-limit.trusted-proxies",
                    "127.0.0.1,::1,0:0:0:0:0:0:0:1");
        }
    }

    @Inject
    TestClock clock;

    @Inject
    RefusalSummary summary;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void tokenWhenOneClientFloodsThenRateLimitedWithRetryAfterAndLaterServedAgain() {
        JsonPath account = TestServiceAccounts.create("teams/" + Api.createTeam(Api.createOrganization()), null);
        String email = account.getString("email");
        String apiKey = TestServiceAccounts.apiKey(account.getString("name"));
        Response limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            Response response = token("198.51.100." + (i + 1), email, apiKey);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertEquals(200, response.statusCode(), response.asString());
            }
        }
        assertTrue(limited != null, "ten requests of one client at 2/s were all served");
        limited.then().body("error", equalTo("rate_limited")).header("Cache-Control", "no-store");
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);

        clock.advance(Duration.ofSeconds(Long.parseLong(limited.header("Retry-After")) + 1));
        token("198.51.100.99", email, apiKey).then().statusCode(200);
    }

    @Test
    void tokenWhenOneAddressFloodsWithManyClientIdsThenRateLimitedOtherAddressServed() throws Exception {
        summary.writeSummary().await().indefinitely();
        String address = "203.0.113." + (System.nanoTime() % 200 + 1);
        int limitedAt = -1;
        for (int i = 0; i < 60 && limitedAt < 0; i++) {
            Response response = token(address, "guess-" + i + "@example.com", "tg_guess");
            if (response.statusCode() == 429) {
                limitedAt = i;
                response.then().body("error", equalTo("rate_limited"));
            } else {
                assertEquals(401, response.statusCode(), response.asString());
            }
        }
        assertTrue(limitedAt >= 0, "sixty guesses from one address at 2/s were all answered");
        token("192.0.2." + (System.nanoTime() % 200 + 1), "other@example.com", "tg_guess")
                .then()
                .statusCode(401);

        summary.writeSummary().await().indefinitely();
        JsonPath written = AuditFixtures.lastRefusalSummary();
        assertEquals(1, written.getInt("refusals.rate_limited"), "the 429 is in the audit log's refusal summary");
        assertThat(written.getList("topSources.address"), hasItem(address));
    }

    @Test
    void introspectWhenOneAddressFloodsThenRateLimited() {
        String address = "203.0.113." + (System.nanoTime() % 200 + 1);
        boolean limited = false;
        for (int i = 0; i < 60 && !limited; i++) {
            limited = given().header("X-Forwarded-For", address)
                            .contentType("application/x-www-form-urlencoded")
                            .formParam("token", "x")
                            .post("/oauth2/introspect")
                            .statusCode()
                    == 429;
        }
        assertTrue(limited);
    }

    private static Response token(String address, String clientId, String secret) {
        return given().header("X-Forwarded-For", address)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post("/oauth2/token");
    }
}
