package dev.tollgate.serviceaccount;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.OnVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Rotating the API-key pepper (docs/operations.md, "Master key and pepper rotation"): keys hashed under a pepper
 * listed in {@code previous-api-key-peppers} keep working and are rewritten under the current pepper on first use;
 * a key hashed under a pepper no longer listed is refused.
 */
@QuarkusTest
@TestProfile(PepperRotationTest.Rotated.class)
class PepperRotationTest {

    static final String CURRENT = "current-pepper-0123456789-0123456789";
    static final String PREVIOUS = "previous-pepper-0123456789-0123456789";
    static final String FORGOTTEN = "forgotten-pepper-0123456789-0123456789";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tollgate.service-accounts.api-key-pepper",
                    CURRENT,
                    "tollgate.service-accounts.previous-api-key-peppers",
                    PREVIOUS);
        }
    }

    @Inject
    Pool database;

    @Inject
    ApiKeyRehasher rehasher;

    @Inject
    CredentialCache cache;

    @Test
    void tokenWhenKeyHashedUnderPreviousPepperThenIssuedAndHashRewrittenUnderCurrent() throws Throwable {
        Key key = keyHashedUnder(PREVIOUS);

        token(key).then().statusCode(200);
        OnVertx.await(rehasher::flush);

        assertThat(storedHashIs(key, hmac(CURRENT, key.secret())), equalTo(1L));
        cache.forgetAll();
        token(key).then().statusCode(200);
    }

    @Test
    void tokenWhenKeyHashedUnderPepperNoLongerListedThenInvalidClient() {
        Key key = keyHashedUnder(FORGOTTEN);

        token(key).then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void tokenWhenKeyHashedUnderCurrentPepperThenIssuedWithoutRewrite() throws Throwable {
        Key key = keyHashedUnder(CURRENT);

        token(key).then().statusCode(200);
        OnVertx.await(rehasher::flush);

        assertThat(storedHashIs(key, hmac(CURRENT, key.secret())), equalTo(1L));
    }

    private record Key(String email, String keyId, String secret) {}

    /** A fresh key whose stored hash is set as if it had been created while {@code pepper} was current. */
    private Key keyHashedUnder(String pepper) {
        String org = Api.createOrganization();
        JsonPath account = TestServiceAccounts.orgScoped(org, Api.createTeam(org));
        JsonPath created = TestServiceAccounts.newKey(account.getString("name"));
        Key key = new Key(account.getString("email"), created.getString("keyId"), created.getString("keyString"));
        database.preparedQuery("UPDATE service_account_api_keys SET secret_hash = $2 WHERE key_id = $1")
                .execute(Tuple.of(key.keyId(), hmac(pepper, key.secret())))
                .await()
                .atMost(Duration.ofSeconds(5));
        cache.forgetAll();
        return key;
    }

    private long storedHashIs(Key key, byte[] hash) {
        return database.preparedQuery(
                        "SELECT count(*) FROM service_account_api_keys WHERE key_id = $1" + " AND secret_hash = $2")
                .execute(Tuple.of(key.keyId(), hash))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    private static Response token(Key key) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", key.email())
                .formParam("client_secret", key.secret())
                .post("/oauth2/token");
    }

    private static byte[] hmac(String pepper, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
