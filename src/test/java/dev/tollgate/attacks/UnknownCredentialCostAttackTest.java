package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Threat: an unauthenticated client makes the server pay a database round trip per request by presenting credentials
 * that do not exist (an API key with an unknown key id, an STS audience naming no provider), exhausting the pool.
 * Defence: "not found" is remembered (bounded, for {@code tollgate.cache.negative-ttl}), and creating the id drops
 * that memory at once (docs/security.md, "Unknown credentials cost nothing").
 */
@QuarkusTest
class UnknownCredentialCostAttackTest {

    private static final int ATTEMPTS = 25;
    private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

    @Test
    void tokenWhenSameUnknownApiKeyRepeatedThenOneLoadAndInvalidClient() {
        String unknown =
                "tg_" + String.format("%016x", ThreadLocalRandom.current().nextLong()) + "_" + "A".repeat(43);
        // The first attempt may load twice if the change feed (re)connects meanwhile: measure from the second.
        tokenWithApiKey(unknown);
        double before = loads("api_keys");
        for (int i = 0; i < ATTEMPTS; i++) {
            tokenWithApiKey(unknown);
        }
        double spent = loads("api_keys") - before;
        assertTrue(spent <= 1, ATTEMPTS + " attempts with one unknown key id cost " + spent + " database loads");
    }

    private static void tokenWithApiKey(String unknown) {
        {
            given().contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials")
                    .formParam("client_id", "nobody@example.com")
                    .formParam("client_secret", unknown)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }
    }

    @Test
    void exchangeWhenUnknownAudienceRepeatedThenOneLoadAndCreationSeenAtOnce() {
        String project = Api.createProject(Api.createTeam(Api.createOrganization()), "TEAM");
        String number = Api.asAdmin()
                .get("/v1/projects/" + project)
                .then()
                .statusCode(200)
                .extract()
                .path("projectNumber");
        String pools = "/v1/projects/" + project + "/locations/global/workloadIdentityPools";
        String pool = id();
        Api.asAdmin()
                .body(Map.of("displayName", "CI"))
                .post(pools + "?workloadIdentityPoolId=" + pool)
                .then()
                .statusCode(200);
        String provider = id();
        String audience = "//iam.tollgate.local/projects/" + number + "/locations/global/workloadIdentityPools/" + pool
                + "/providers/" + provider;

        double before = loads("federation_providers");
        for (int i = 0; i < ATTEMPTS; i++) {
            exchange(audience).then().statusCode(400).body("error", equalTo("invalid_target"));
        }
        double spent = loads("federation_providers") - before;
        assertTrue(spent <= 1, ATTEMPTS + " exchanges for one unknown audience cost " + spent + " database loads");

        Api.asAdmin()
                .body(Map.of(
                        "oidc",
                        Map.of(
                                "issuerUri",
                                TestIdentityProviders.issuer("github").url(),
                                "allowedAudiences",
                                List.of(audience)),
                        "attributeMapping",
                        Map.of("google.subject", "assertion.sub")))
                .post(pools + "/" + pool + "/providers?workloadIdentityPoolProviderId=" + provider)
                .then()
                .statusCode(200);
        exchange(audience).then().statusCode(400).body("error", not(equalTo("invalid_target")));
    }

    private static Response exchange(String audience) {
        return given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", EXCHANGE)
                .formParam("audience", audience)
                .formParam("subject_token_type", JWT)
                .formParam("subject_token", "not.a.jwt")
                .post("/v1/token");
    }

    private static String id() {
        String id = Api.uniqueId("p").replaceAll("[^a-z0-9-]", "");
        return id.length() > 32 ? id.substring(id.length() - 32) : id;
    }

    /** Successful loads of {@code cache} so far, from the Prometheus endpoint. */
    private static double loads(String cache) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("tollgate_cache_loads_total\\{[^}]*cache=\"" + cache
                        + "\"[^}]*result=\"success\"[^}]*} ([0-9.Ee+-]+)")
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
