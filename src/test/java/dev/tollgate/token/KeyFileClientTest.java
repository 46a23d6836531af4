package dev.tollgate.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The real Google client (google-auth-library-java) with a key file made through the keys API: it signs a jwt-bearer
 * assertion with {@code aud = https://oauth2.googleapis.com/token}, posts it to the file's {@code token_uri}, and the
 * access token it gets verifies through discovery alone.
 */
@QuarkusTest
class KeyFileClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refreshWhenKeyFileFromKeysApiThenAccessTokenVerifiesThroughDiscovery() throws Exception {
        Map<String, Object> account = account();
        ServiceAccountCredentials credentials = credentials(account);
        AccessToken token = credentials.refreshAccessToken();
        JwtClaims claims = TokenFixtures.verify(token.getTokenValue(), TokenFixtures.ISSUER);
        assertEquals(account.get("uniqueId"), claims.getSubject());
        assertEquals(account.get("email"), claims.getClaimValueAsString("email"));
        assertEquals("https://www.googleapis.com/auth/cloud-platform", claims.getClaimValueAsString("scope"));
        assertTrue(token.getExpirationTime().getTime() > System.currentTimeMillis());
    }

    /**
     * In a universe other than googleapis.com the Java library asks {@code iamcredentials.{universe}}'s
     * generateIdToken with a self-signed JWT as its credential, so the account needs the OpenID token creator role
     * on itself (docs/clients.md).
     */
    @Test
    void idTokenWhenAskedThenAudienceIsTheTarget() throws Exception {
        Map<String, Object> account = account();
        String resource = ((String) account.get("path")).substring("/v1/".length());
        Api.bind(resource, "roles/iam.serviceAccountOpenIdTokenCreator", "serviceAccount:" + account.get("email"));
        String idToken = credentials(account)
                .idTokenWithAudience("https://service.example", List.of(IdTokenProvider.Option.FORMAT_FULL))
                .getTokenValue();
        JwtClaims claims = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1])));
        assertEquals(List.of("https://service.example"), claims.getAudience());
    }

    @Test
    void refreshWhenKeyDeletedThenClientFailsWithInvalidGrant() throws Exception {
        Map<String, Object> account = account();
        ServiceAccountCredentials credentials = credentials(account);
        Api.asAdmin()
                .delete(account.get("path") + "/keys/" + credentials.getPrivateKeyId())
                .then()
                .statusCode(200);
        IOException e = assertThrows(IOException.class, credentials::refreshAccessToken);
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        given().formParam("grant_type", JwtBearerGrant.GRANT_TYPE)
                .formParam("assertion", "a.b.c")
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    private static Map<String, Object> account() {
        String team = Api.createTeam(Api.createOrganization());
        String raw = "kf" + Api.uniqueId("k").replace("-", "");
        String accountId = raw.substring(0, Math.min(raw.length(), 29)) + "x";
        Map<String, Object> account = new HashMap<>(Api.asAdmin()
                .body(Map.of("accountId", accountId))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap(""));
        account.put("path", "/v1/teams/" + team + "/serviceAccounts/" + account.get("email"));
        return account;
    }

    @SuppressWarnings("unchecked")
    private static ServiceAccountCredentials credentials(Map<String, Object> account) throws IOException {
        String data = Api.asAdmin()
                .body(Map.of("privateKeyType", "TYPE_GOOGLE_CREDENTIALS_FILE"))
                .post(account.get("path") + "/keys")
                .then()
                .statusCode(200)
                .extract()
                .path("privateKeyData");
        Map<String, Object> file = JSON.readValue(Base64.getDecoder().decode(data), Map.class);
        String tokenUri = (String) file.get("token_uri");
        assertEquals(TokenFixtures.ISSUER + "/oauth2/token", tokenUri);
        return (ServiceAccountCredentials) ServiceAccountCredentials.fromStream(
                        new ByteArrayInputStream(JSON.writeValueAsBytes(file)), KeyFileClientTest::testPortTransport)
                .createScoped("https://www.googleapis.com/auth/cloud-platform");
    }

    /**
     * The file names the configured public issuer ({@code http://localhost:8080}) and the test universe, whose
     * {@code iamcredentials.} host the library derives; the test server listens on a random port of localhost, so
     * requests go there unchanged otherwise (path, body, the assertion's {@code aud}).
     */
    private static HttpTransport testPortTransport() {
        String server = RestAssured.baseURI + ":" + RestAssured.port;
        return new NetHttpTransport.Builder()
                .setConnectionFactory(url -> (HttpURLConnection) new URL(url.toString()
                                .replace(TokenFixtures.ISSUER, server)
                                .replace("https://iamcredentials.universe.test", server))
                        .openConnection())
                .build();
    }
}
