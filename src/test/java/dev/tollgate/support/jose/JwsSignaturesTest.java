package dev.tollgate.support.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.tollgate.testing.TestKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signature step on both paths: the native provider (AmazonCorrettoCryptoProvider, what the server uses when it
 * loads) and the JDK (its fallback) give the same verdicts as jose4j, and hand every unusual case to jose4j.
 */
class JwsSignaturesTest {

    private static final Set<String> RS256_ONLY = Set.of("RS256");
    private static final Set<String> ASYMMETRIC = Set.of("RS256", "ES256");

    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair smallRsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() throws Exception {
        assertNull(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
        rsa = TestKeys.rsa();
        otherRsa = TestKeys.rsa();
        ec = TestKeys.ec();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        smallRsa = generator.generateKeyPair();
    }

    static Stream<JwsSignatures> paths() {
        return Stream.of(new JwsSignatures(Optional.of(AmazonCorrettoCryptoProvider.INSTANCE)), JwsSignatures.JDK);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void rs256WhenTheKeySignedItThenValidElseNot(JwsSignatures signatures) throws Exception {
        Jws token = parse(sign(AlgorithmIdentifiers.RSA_USING_SHA256, rsa, new JwtClaims()));

        for (int i = 0; i < 3; i++) {
            assertTrue(signatures.verify(token, rsa.getPublic(), RS256_ONLY).valid());
            assertFalse(
                    signatures.verify(token, otherRsa.getPublic(), RS256_ONLY).valid());
        }
        assertTrue(signatures
                .verify(token, rsa.getPublic(), RS256_ONLY)
                .keyProblem()
                .isEmpty());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void rs256WhenPayloadOrSignatureAlteredThenInvalid(JwsSignatures signatures) throws Exception {
        String token = sign(AlgorithmIdentifiers.RSA_USING_SHA256, rsa, claims("read"));
        String[] parts = token.split("\\.");
        String otherPayload = sign(AlgorithmIdentifiers.RSA_USING_SHA256, rsa, claims("admin"))
                .split("\\.")[1];

        assertFalse(signatures
                .verify(parse(parts[0] + "." + otherPayload + "." + parts[2]), rsa.getPublic(), RS256_ONLY)
                .valid());
        assertFalse(signatures
                .verify(parse(parts[0] + "." + parts[1] + "." + parts[2].substring(4)), rsa.getPublic(), RS256_ONLY)
                .valid());
        assertFalse(signatures
                .verify(parse(parts[0] + "." + parts[1] + ".AAAA" + parts[2].substring(4)), rsa.getPublic(), RS256_ONLY)
                .valid());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void whenTheAlgorithmIsNotAllowedOrTheKeyDoesNotFitThenAKeyProblemAsJose4jWordsIt(JwsSignatures signatures)
            throws Exception {
        Jws rsaSigned = parse(sign(AlgorithmIdentifiers.RSA_USING_SHA256, rsa, new JwtClaims()));
        Jws small = parse(sign(AlgorithmIdentifiers.RSA_USING_SHA256, smallRsa, new JwtClaims()));
        Jws hmac = parse(hs256());

        assertProblem(signatures.verify(rsaSigned, rsa.getPublic(), Set.of("ES256")));
        assertProblem(signatures.verify(rsaSigned, ec.getPublic(), ASYMMETRIC));
        assertProblem(signatures.verify(small, smallRsa.getPublic(), RS256_ONLY));
        assertProblem(signatures.verify(hmac, rsa.getPublic(), ASYMMETRIC));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void es256StillVerifiedThroughJose4j(JwsSignatures signatures) throws Exception {
        Jws token = parse(sign(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ec, new JwtClaims()));

        assertTrue(signatures.verify(token, ec.getPublic(), ASYMMETRIC).valid());
        assertFalse(signatures.verify(token, ec.getPublic(), RS256_ONLY).valid());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void rs256WhenACritHeaderNamesAnExtensionThenNotValid(JwsSignatures signatures) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new JwtClaims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setCriticalHeaderNames("exp");
        jws.setHeader("exp", 1);
        jws.setKey(rsa.getPrivate());

        assertFalse(signatures
                .verify(parse(jws.getCompactSerialization()), rsa.getPublic(), RS256_ONLY)
                .valid());
    }

    @Test
    void theNativePathIsTheProvidersAndTheFallbackTheJdks() {
        assertEquals(
                "AmazonCorrettoCryptoProvider",
                new JwsSignatures(Optional.of(AmazonCorrettoCryptoProvider.INSTANCE)).providerName());
        assertEquals("JDK", JwsSignatures.JDK.providerName());
    }

    private static void assertProblem(Jws.SignatureCheck check) {
        assertFalse(check.valid());
        assertTrue(check.keyProblem().isPresent());
    }

    private static Jws parse(String token) {
        return Jws.parse(token, 16_384, 32);
    }

    private static JwtClaims claims(String scope) {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("scope", scope);
        return claims;
    }

    private static String sign(String alg, KeyPair pair, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(pair.getPrivate());
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String hs256() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new JwtClaims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(new byte[32]));
        return jws.getCompactSerialization();
    }
}
