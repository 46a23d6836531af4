package dev.tollgate.keys.signing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignerTest {

    @Inject
    Signer signer;

    @Inject
    KeyRing ring;

    @Test
    void signJwtWhenVerifiedAgainstPublishedJwksThenValidWithKidAndTyp() throws Exception {
        ring.ensureLoaded(KeySets.SERVER).await().indefinitely();
        String claims = "{\"iss\":\"http://localhost:8080\",\"sub\":\"123\"}";
        String jwt = signer.signJwt(KeySets.SERVER, Map.of("typ", "at+jwt", "alg", "none"), claims);

        JsonWebKeySet jwks = new JsonWebKeySet(given().get("/oauth2/v3/certs").asString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        JsonWebKey key = new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys());
        jws.setKey(key.getKey());
        assertTrue(jws.verifySignature());
        assertEquals("RS256", jws.getAlgorithmHeaderValue(), "extras cannot override alg");
        assertEquals("at+jwt", jws.getHeader("typ"));
        assertTrue(jws.getKeyIdHeaderValue().matches("[0-9a-f]{40}"));
        assertEquals(claims, jws.getPayload());
    }

    @Test
    void signBlobWhenVerifiedWithPublishedKeyThenValid() throws Exception {
        ring.ensureLoaded(KeySets.SERVER).await().indefinitely();
        byte[] payload = "blob".getBytes(StandardCharsets.UTF_8);
        SignedBlob signed = signer.signBlob(KeySets.SERVER, payload);
        PublishedKey key = ring.published(KeySets.SERVER).stream()
                .filter(k -> k.kid().equals(signed.keyId()))
                .findFirst()
                .orElseThrow();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.publicKey());
        verifier.update(payload);
        assertTrue(verifier.verify(signed.signature()));
    }

    @Test
    void signWhenKeySetUnknownThenUnavailable() {
        ApiException failure =
                assertThrows(ApiException.class, () -> signer.signBlob(KeySets.serviceAccount("nobody"), new byte[1]));
        assertEquals(RpcStatus.UNAVAILABLE, failure.status());
    }
}
