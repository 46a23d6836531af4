package dev.tollgate.serviceaccount;

import static io.restassured.RestAssured.given;

import dev.tollgate.testing.Api;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Fixtures: service accounts and API keys created over HTTP as the admin (also used by the token features). */
public final class TestServiceAccounts {

    private TestServiceAccounts() {}

    /** An account in {@code home}; {@code defaultTeam} may be {@code null}. Answers the created resource. */
    public static JsonPath create(String home, String defaultTeam) {
        return Api.asAdmin()
                .body(body(Api.uniqueId("sa"), defaultTeam))
                .post("/v1/" + home + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static JsonPath orgScoped(String org, String team) {
        return create("organizations/" + org, "teams/" + team);
    }

    public static Map<String, Object> body(String accountId, String defaultTeam) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("displayName", "CI " + accountId);
        if (defaultTeam != null) {
            fields.put("defaultTeam", defaultTeam);
        }
        return Map.of("accountId", accountId, "serviceAccount", fields);
    }

    /** A new API key of the account named {@code name} ({@code {home}/serviceAccounts/{email}}). */
    public static JsonPath newKey(String name) {
        return Api.asAdmin()
                .body(Map.of("displayName", "ci"))
                .post("/v1/" + name + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static String apiKey(String name) {
        return newKey(name).getString("keyString");
    }

    public static RequestSpecification withKey(String keyString) {
        return given().auth().oauth2(keyString).contentType(ContentType.JSON);
    }
}
