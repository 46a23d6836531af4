package dev.tollgate.token;

import static dev.tollgate.token.TokenFixtures.clientCredentials;
import static dev.tollgate.token.TokenFixtures.form;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.Api;
import dev.tollgate.token.TokenFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenEndpointTest {

    private String org;
    private String team;
    private Account account;

    @BeforeEach
    void setUp() {
        org = Api.createOrganization();
        team = Api.createTeam(org);
        account = TokenFixtures.orgScoped(org, team);
    }

    @Test
    void clientCredentialsWhenApiKeyThenVerifiableAccessToken() throws Exception {
        String token = clientCredentials(account, Map.of("scope", "read write"))
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .body("issued_token_type", equalTo(TokenResponse.ACCESS_TOKEN_TYPE))
                .body("scope", equalTo("read write"))
                .extract()
                .path("access_token");

        JwtClaims claims = TokenFixtures.verify(token, TokenFixtures.ISSUER);
        assertEquals(account.uniqueId(), claims.getSubject());
        assertEquals(account.email(), claims.getClaimValue("email"));
        assertEquals(account.uniqueId(), claims.getClaimValue("client_id"));
        assertEquals(org, claims.getClaimValue("org"));
        assertEquals(team, claims.getClaimValue("team"));
        assertEquals("read write", claims.getClaimValue("scope"));
        assertEquals(
                3600,
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertFalse(claims.hasClaim("act"));
    }

    @Test
    void clientCredentialsWhenHttpBasicWithUniqueIdThenOk() {
        String basic = URLEncoder.encode(account.uniqueId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(account.apiKey(), StandardCharsets.UTF_8);
        form().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes()))
                .formParam("grant_type", "client_credentials")
                .formParam("audience", "https://api.example.com")
                .post("/token")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void clientCredentialsWhenAudienceThenAudClaim() throws Exception {
        String token = clientCredentials(account, Map.of("audience", "https://api.example.com"))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals(
                List.of("https://api.example.com"),
                TokenFixtures.verify(token, "https://api.example.com").getAudience());
    }

    @Test
    void tokenWhenGrantTypeUnknownThenUnsupportedGrantType() {
        form().formParam("grant_type", "password")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void tokenWhenGrantTypeMissingThenInvalidRequest() {
        form().formParam("client_id", account.email())
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .header("Cache-Control", "no-store");
    }

    @Test
    void tokenWhenGrantTypeRepeatedThenInvalidRequest() {
        form().body("grant_type=client_credentials&grant_type=client_credentials")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenWhenParameterRepeatedThenInvalidRequest() {
        form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", account.apiKey())
                .formParam("scope", "a", "b")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenWhenNotFormThenInvalidRequest() {
        given().contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenWhenBodyOverOneMebibyteThenOAuthShaped413() {
        form().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", "a".repeat(1024 * 1024 + 1))
                .post("/oauth2/token")
                .then()
                .statusCode(413)
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString("too large"));
    }

    @Test
    void tokenWhenParameterHugeThenInvalidRequest() {
        form().formParam("grant_type", "client_credentials")
                .formParam("scope", "a".repeat(70_000))
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void clientCredentialsWhenWrongSecretThenInvalidClientWithChallenge() {
        String wrong = account.apiKey().substring(0, account.apiKey().length() - 1)
                + (account.apiKey().endsWith("A") ? "B" : "A");
        form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", wrong)
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void clientCredentialsWhenNoClientAuthenticationThenInvalidClient() {
        form().formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void clientCredentialsWhenKeyOfAnotherAccountThenInvalidClient() {
        Account other = TokenFixtures.orgScoped(org, team);
        form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", other.apiKey())
                .post("/oauth2/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void clientCredentialsWhenBasicAndFormSecretThenInvalidRequest() {
        form().auth()
                .preemptive()
                .basic(account.email(), account.apiKey())
                .formParam("grant_type", "client_credentials")
                .formParam("client_secret", account.apiKey())
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void clientCredentialsWhenKeyDisabledThenInvalidClient() {
        Api.asAdmin()
                .post("/v1/" + account.name() + "/apiKeys/" + account.keyId() + ":disable")
                .then()
                .statusCode(200);
        clientCredentials(account, Map.of()).then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void clientCredentialsWhenAccountDisabledThenInvalidClient() {
        Api.asAdmin().post("/v1/" + account.name() + ":disable").then().statusCode(200);
        clientCredentials(account, Map.of()).then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void clientCredentialsWhenEntityInOrganizationThenTeamClaim() throws Exception {
        String other = Api.createTeam(org);
        String token = clientCredentials(account, Map.of("entity", other))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals(other, TokenFixtures.verify(token, TokenFixtures.ISSUER).getClaimValue("team"));
    }

    @Test
    void clientCredentialsWhenEntityOutsideReachThenInvalidTargetNamingTeam() {
        String foreign = Api.createTeam(Api.createOrganization());
        clientCredentials(account, Map.of("entity", foreign))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"))
                .body("error_description", containsString(foreign));
    }

    @Test
    void clientCredentialsWhenTeamScopedThenOwnTeamAndNoOtherTeam() throws Exception {
        Account scoped = TokenFixtures.teamScoped(team);
        String token = clientCredentials(scoped, Map.of())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        JwtClaims claims = TokenFixtures.verify(token, TokenFixtures.ISSUER);
        assertEquals(team, claims.getClaimValue("team"));
        assertEquals(org, claims.getClaimValue("org"));
        String sibling = Api.createTeam(org);
        clientCredentials(scoped, Map.of("entity", "teams/" + sibling))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"));
    }

    @Test
    void clientCredentialsWhenAttributedToMemberThenActClaim() throws Exception {
        String user = Api.uniqueId("dev") + "@example.com";
        Api.bind("teams/" + team, "roles/member", "user:" + user);
        String token = clientCredentials(account, Map.of("user_email", user))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals(
                Map.of("sub", "user:" + user),
                TokenFixtures.verify(token, TokenFixtures.ISSUER).getClaimValue("act"));
    }

    @Test
    void clientCredentialsWhenAttributedToNonMemberThenInvalidRequestNamingUserAndTeam() {
        String stranger = Api.uniqueId("stranger") + "@example.com";
        clientCredentials(account, Map.of("username", stranger))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString(stranger))
                .body("error_description", containsString(team));
    }

    @Test
    void clientCredentialsWhenScopeMalformedThenInvalidScope() {
        clientCredentials(account, Map.of("scope", "bad\"scope"))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_scope"));
    }

    @Test
    void tokenExchangeWhenApiKeyThenAllFourFields() {
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", TokenExchangeGrant.API_KEY)
                .formParam("subject_token", account.apiKey())
                .formParam("requested_token_type", TokenResponse.ACCESS_TOKEN_TYPE)
                .post("/v1/token")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .body("issued_token_type", equalTo(TokenResponse.ACCESS_TOKEN_TYPE))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600));
    }

    @Test
    void tokenExchangeWhenOptionsEncodedTwiceThenAccepted() {
        String options = URLEncoder.encode("{\"userProject\":\"p\"}", StandardCharsets.UTF_8);
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", TokenExchangeGrant.API_KEY)
                .formParam("subject_token", account.apiKey())
                .formParam("options", options)
                .post("/v1/token")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void tokenExchangeWhenJsonCamelCaseOnV1ThenOk() {
        given().contentType("application/json")
                .body(Map.of(
                        "grantType",
                        TokenExchangeGrant.GRANT_TYPE,
                        "subjectTokenType",
                        TokenExchangeGrant.API_KEY,
                        "subjectToken",
                        account.apiKey(),
                        "requestedTokenType",
                        TokenResponse.ACCESS_TOKEN_TYPE,
                        "scope",
                        List.of("a", "b"),
                        "options",
                        Map.of("userProject", "p")))
                .post("/v1/token")
                .then()
                .statusCode(200)
                .body("scope", equalTo("a b"));
    }

    @Test
    void tokenExchangeWhenApiKeyWrongThenInvalidGrant() {
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", TokenExchangeGrant.API_KEY)
                .formParam("subject_token", "tg_0000000000000000_" + "x".repeat(43))
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void tokenExchangeWhenSubjectTokenMissingThenInvalidRequest() {
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", TokenExchangeGrant.API_KEY)
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenExchangeWhenSubjectTokenTypeUnknownThenInvalidRequest() {
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", "urn:example:saml")
                .formParam("subject_token", "x")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenExchangeWhenRequestedTypeUnsupportedThenInvalidRequest() {
        form().formParam("grant_type", TokenExchangeGrant.GRANT_TYPE)
                .formParam("subject_token_type", TokenExchangeGrant.API_KEY)
                .formParam("subject_token", account.apiKey())
                .formParam("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void idTokenOnlyResponseSerialisesIdTokenAlone() throws Exception {
        TokenResponse response = TokenResponse.idTokenOnly(new MintedToken("x.y.z", Instant.EPOCH, "j"));
        assertEquals("{\"id_token\":\"x.y.z\"}", new ObjectMapper().writeValueAsString(response));
    }
}
