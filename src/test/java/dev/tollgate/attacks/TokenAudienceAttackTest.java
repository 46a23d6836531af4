package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a token Tollgate minted for another resource server (another {@code aud}) or for a narrow scope is replayed
 * against Tollgate's own admin API to create a permanent credential. Only tokens for Tollgate's audience with an API
 * scope may call {@code /v1} (docs/api.md "Scopes of Tollgate's API").
 */
@QuarkusTest
class TokenAudienceAttackTest {

    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    private String team;
    private String name;
    private String email;
    private String apiKey;

    @BeforeEach
    void setUp() {
        String org = Api.createOrganization();
        team = Api.createTeam(org);
        JsonPath account = TestServiceAccounts.create("teams/" + team, null);
        name = account.getString("name");
        email = account.getString("email");
        apiKey = TestServiceAccounts.apiKey(name);
        // The account may manage its own keys: only the token's audience and scope stand between it and a new key.
        Api.bind("teams/" + team, "roles/iam.serviceAccountKeyAdmin", "serviceAccount:" + email);
    }

    @Test
    void createApiKeyWhenTokenForAnotherAudienceThenInvalidTokenAndNoKey() {
        String token = token(Map.of("audience", "https://billing.example.com", "scope", "read.only"));
        createKey(token)
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertKeys(1);
    }

    @Test
    void createApiKeyWhenTokenForAnotherAudienceWithCloudPlatformScopeThenInvalidToken() {
        String token = token(Map.of("audience", "https://billing.example.com", "scope", CLOUD_PLATFORM));
        createKey(token).statusCode(401).header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertKeys(1);
    }

    @Test
    void createApiKeyWhenTokenScopeNotApiThenInsufficientScopeAndNoKey() {
        String token = token(Map.of("scope", "read.only"));
        createKey(token)
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .header("WWW-Authenticate", containsString("scope=\"" + CLOUD_PLATFORM + "\""));
        assertKeys(1);
    }

    @Test
    void createApiKeyWhenImpersonatedTokenScopeNotApiThenInsufficientScope() {
        String caller = Api.uniqueId("impersonator") + "@example.com";
        Api.bind("teams/" + team, "roles/iam.serviceAccountTokenCreator", "user:" + caller);
        String token = Api.as(caller)
                .body(Map.of("scope", List.of("read.only")))
                .post("/v1/projects/-/serviceAccounts/" + email + ":generateAccessToken")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        createKey(token).statusCode(403).header("WWW-Authenticate", containsString("insufficient_scope"));
        assertKeys(1);
    }

    @Test
    void createApiKeyWhenTokenAskedWithoutScopeThenDefaultApiScopeWorks() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", email)
                .formParam("client_secret", apiKey)
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .body("scope", equalTo(CLOUD_PLATFORM));
        createKey(token(Map.of())).statusCode(200);
        assertKeys(2);
    }

    @Test
    void createApiKeyWhenTokenHasIamScopeThenOk() {
        createKey(token(Map.of("scope", "https://www.googleapis.com/auth/iam"))).statusCode(200);
        assertKeys(2);
    }

    private String token(Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(extra);
        form.put("grant_type", "client_credentials");
        form.put("client_id", email);
        form.put("client_secret", apiKey);
        return given().contentType("application/x-www-form-urlencoded")
                .formParams(form)
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private ValidatableResponse createKey(String token) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("displayName", "persistence"))
                .post("/v1/" + name + "/apiKeys")
                .then();
    }

    private void assertKeys(int count) {
        Api.asAdmin().get("/v1/" + name + "/apiKeys").then().statusCode(200).body("apiKeys", hasSize(count));
    }
}
