package dev.tollgate.publish;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/signingKeys}: the JWKS's keys with their life-cycle times, for authenticated callers. */
@QuarkusTest
class SigningKeyScheduleTest {

    @Test
    void signingKeysWhenAuthenticatedThenEveryPublishedKeyWithOrderedTimes() {
        JsonPath schedule = Api.asAdmin()
                .get("/v1/signingKeys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, String>> keys = schedule.getList("signingKeys");
        assertThat(schedule.getList("signingKeys.state"), hasItem("ACTIVE"));
        List<String> published = given().get("/oauth2/v3/certs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys.kid");
        assertThat(schedule.getList("signingKeys.kid"), equalTo(published));
        for (Map<String, String> key : keys) {
            assertThat(
                    Instant.parse(key.get("publishTime")), lessThanOrEqualTo(Instant.parse(key.get("activateTime"))));
            assertThat(Instant.parse(key.get("activateTime")), lessThan(Instant.parse(key.get("retireTime"))));
            assertThat(Instant.parse(key.get("retireTime")), lessThan(Instant.parse(key.get("deleteTime"))));
        }
    }

    @Test
    void signingKeysWhenNoCredentialThenUnauthenticatedAndNoPrivateMember() {
        given().get("/v1/signingKeys").then().statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
        String body = Api.asAdmin()
                .get("/v1/signingKeys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"k\"", "PRIVATE")) {
            assertThat(body, not(containsString(member)));
        }
    }
}
