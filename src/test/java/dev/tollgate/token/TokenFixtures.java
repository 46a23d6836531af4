package dev.tollgate.token;

import static io.restassured.RestAssured.given;

import dev.tollgate.testing.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/** Service accounts, API keys and token requests for the token endpoint's tests, all over HTTP. */
final class TokenFixtures {

    static final String ISSUER = "http://localhost:8080";

    /** A service account and one API key of it. */
    record Account(String name, String email, String uniqueId, String home, String keyId, String apiKey) {}

    private TokenFixtures() {}

    static Account account(String home, String defaultTeam) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("displayName", "token test");
        if (defaultTeam != null) {
            fields.put("defaultTeam", defaultTeam);
        }
        JsonPath account = Api.asAdmin()
                .body(Map.of("accountId", Api.uniqueId("tok"), "serviceAccount", fields))
                .post("/v1/" + home + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath key = Api.asAdmin()
                .body(Map.of("displayName", "ci"))
                .post("/v1/" + account.getString("name") + "/apiKeys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Account(
                account.getString("name"),
                account.getString("email"),
                account.getString("uniqueId"),
                home,
                key.getString("keyId"),
                key.getString("keyString"));
    }

    static Account orgScoped(String org, String defaultTeam) {
        return account("organizations/" + org, "teams/" + defaultTeam);
    }

    static Account teamScoped(String team) {
        return account("teams/" + team, null);
    }

    static RequestSpecification form() {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .urlEncodingEnabled(true);
    }

    static Response clientCredentials(Account account, Map<String, String> extra) {
        RequestSpecification request = form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", account.apiKey());
        extra.forEach(request::formParam);
        return request.post("/oauth2/token");
    }

    static String accessToken(Account account) {
        return clientCredentials(account, Map.of())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** Verifies {@code token} as any standard verifier would: keys found through discovery's {@code jwks_uri}. */
    static JwtClaims verify(String token, String audience) throws Exception {
        String jwksUri = given().get("/.well-known/openid-configuration")
                .then()
                .statusCode(200)
                .extract()
                .path("jwks_uri");
        // The issuer URL is the configured public one; the test server listens on a random port of the same host.
        String jwks = given().get(URI.create(jwksUri).getPath())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setExpectedType(true, "at+jwt")
                .build()
                .processToClaims(token);
    }
}
