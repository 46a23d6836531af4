package dev.tollgate.attacks;

import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.KeyFileHolder;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Assertions without {@code kid} are checked against every usable key of the account (docs/security.md "Self-signed
 * JWTs and kid-less assertions"): a key the account does not hold, or holds disabled, gets exactly the answer a made-up
 * {@code kid} gets, so the refusal tells nothing about which keys exist.
 */
@QuarkusTest
class KidlessAssertionAttackTest {

    private static final String INVALID_SIGNATURE = "Invalid JWT Signature.";

    @Test
    void tokenWhenKidlessAssertionSignedByUnknownKeyThenInvalidGrantLikeUnknownKid() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        for (int i = 0; i < 3; i++) {
            Api.asAdmin().body(Map.of()).post(holder.path() + "/keys").then().statusCode(200);
        }
        PrivateKey attacker = rsaKey();

        KeyFileHolder.grant(
                        holder.sign(claims -> {}, jws -> {
                            jws.getHeaders().setObjectHeaderValue("kid", null);
                            jws.setKey(attacker);
                        }),
                        Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo(INVALID_SIGNATURE));
        KeyFileHolder.grant(
                        holder.sign(claims -> {}, jws -> {
                            jws.setKeyIdHeaderValue("0".repeat(40));
                            jws.setKey(attacker);
                        }),
                        Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo(INVALID_SIGNATURE));
    }

    @Test
    void tokenWhenKidlessAssertionSignedByDisabledKeyThenInvalidGrantLikeUnknownKey() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        Api.asAdmin()
                .post(holder.path() + "/keys/" + holder.kid() + ":disable")
                .then()
                .statusCode(200);

        KeyFileHolder.grant(
                        holder.sign(claims -> {}, jws -> jws.getHeaders().setObjectHeaderValue("kid", null)), Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo(INVALID_SIGNATURE));
    }

    @Test
    void tokenWhenKidlessAssertionOfAnotherAccountsKeyThenInvalidGrant() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        KeyFileHolder other = KeyFileHolder.create();

        KeyFileHolder.grant(
                        holder.sign(claims -> {}, jws -> {
                            jws.getHeaders().setObjectHeaderValue("kid", null);
                            jws.setKey(other.key());
                        }),
                        Map.of())
                .statusCode(400)
                .body("error_description", equalTo(INVALID_SIGNATURE));
    }

    @Test
    void tokenWhenKidlessAssertionReplayedThenRefusedLikeAnyAssertion() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        String assertion = holder.sign(claims -> {}, jws -> jws.getHeaders().setObjectHeaderValue("kid", null));

        KeyFileHolder.grant(assertion, Map.of()).statusCode(200);
        KeyFileHolder.grant(assertion, Map.of()).statusCode(400).body("error", equalTo("invalid_grant"));
    }

    private static PrivateKey rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}
