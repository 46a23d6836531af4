package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.tollgate.keys.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both signing paths (the JDK's providers and AmazonCorrettoCryptoProvider) make signatures the other verifies. */
class SigningProviderTest {

    private static final byte[] INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void autoWhenNativeLibraryLoadsThenAccpSigns() {
        // This build ships the linux-x86_64 library; on the machines the tests run on it loads.
        assertEquals(null, AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
        SigningProvider auto = new SigningProvider(CryptoProvider.AUTO);
        assertTrue(auto.name().startsWith("AmazonCorrettoCryptoProvider"), auto.name());
        assertEquals("JDK", new SigningProvider(CryptoProvider.JDK).name());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signWhenAccpThenJdkVerifies(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = algorithm.generate();
        KeySigner signer = new SigningProvider(CryptoProvider.ACCP).forKey("k", algorithm, pair.getPrivate());
        assertEquals("AmazonCorrettoCryptoProvider", signer.providerName());
        byte[] signature = signer.sign(INPUT, INPUT.length);
        assertTrue(verify(algorithm, pair, signature, jdkProvider(algorithm)));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signWhenJdkThenAccpVerifies(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = algorithm.generate();
        KeySigner signer = new SigningProvider(CryptoProvider.JDK).forKey("k", algorithm, pair.getPrivate());
        assertNotEquals("AmazonCorrettoCryptoProvider", signer.providerName());
        byte[] signature = signer.sign(INPUT, INPUT.length);
        assertTrue(verify(algorithm, pair, signature, AmazonCorrettoCryptoProvider.INSTANCE));
    }

    @ParameterizedTest
    @EnumSource(CryptoProvider.class)
    void signWhenManyThreadsReuseSignaturesThenEverySignatureVerifies(CryptoProvider choice) throws Exception {
        KeyPair pair = KeyAlgorithm.ES256.generate();
        KeySigner signer = new SigningProvider(choice).forKey("k", KeyAlgorithm.ES256, pair.getPrivate());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] input = ("payload " + i).getBytes(StandardCharsets.US_ASCII);
                results.add(threads.submit(
                        () -> verify(KeyAlgorithm.ES256, pair, input, signer.sign(input, input.length))));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoProvider.class)
    void signJwtWhenEitherProviderThenJose4jVerifies(CryptoProvider choice) throws Exception {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            KeyPair pair = algorithm.generate();
            KeySigner signer = new SigningProvider(choice).forKey("kid-1", algorithm, pair.getPrivate());
            byte[] header = signer.protectedHeader(Map.of("typ", "at+jwt"));
            String input = new String(header, StandardCharsets.US_ASCII) + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"1\"}".getBytes());
            byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
            String jwt = input + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign(bytes, bytes.length));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(jwt);
            jws.setKey(pair.getPublic());
            assertTrue(jws.verifySignature(), choice + " " + algorithm);
            assertEquals(algorithm.name(), jws.getAlgorithmHeaderValue());
            assertEquals("kid-1", jws.getKeyIdHeaderValue());
            assertEquals("at+jwt", jws.getHeader("typ"));
        }
    }

    @Test
    void derToRawWhenIntegersShortOrPaddedThenFixedWidth() {
        // r = 0x00 0x80 … (DER pads a leading zero), s = 0x01 (shorter than 32 bytes).
        byte[] r = new byte[32];
        r[0] = (byte) 0x80;
        r[31] = 7;
        byte[] der = new byte[2 + 2 + 33 + 2 + 1];
        der[0] = 0x30;
        der[1] = (byte) (der.length - 2);
        der[2] = 0x02;
        der[3] = 33;
        System.arraycopy(r, 0, der, 5, 32);
        der[37] = 0x02;
        der[38] = 1;
        der[39] = 1;
        byte[] raw = KeySigner.derToRaw(der, 32);
        byte[] expected = new byte[64];
        System.arraycopy(r, 0, expected, 0, 32);
        expected[63] = 1;
        assertArrayEquals(expected, raw);
    }

    private static Provider jdkProvider(KeyAlgorithm algorithm) {
        return Security.getProvider(algorithm == KeyAlgorithm.RS256 ? "SunRsaSign" : "SunEC");
    }

    private static boolean verify(KeyAlgorithm algorithm, KeyPair pair, byte[] signature, Provider provider)
            throws Exception {
        return verify(algorithm, pair, INPUT, signature, provider);
    }

    private static boolean verify(KeyAlgorithm algorithm, KeyPair pair, byte[] input, byte[] signature)
            throws Exception {
        return verify(algorithm, pair, input, signature, jdkProvider(algorithm));
    }

    private static boolean verify(
            KeyAlgorithm algorithm, KeyPair pair, byte[] input, byte[] signature, Provider provider) throws Exception {
        // Verify in the JWS form (R||S for ECDSA) where the provider offers it, else re-encode to DER.
        String name = provider.getService("Signature", algorithm.jwsSignature()) != null
                ? algorithm.jwsSignature()
                : algorithm.certificateSignature();
        byte[] form = name.equals(algorithm.jwsSignature()) ? signature : rawToDer(signature);
        Signature verifier = Signature.getInstance(name, provider);
        verifier.initVerify(pair.getPublic());
        verifier.update(input);
        return verifier.verify(form);
    }

    private static byte[] rawToDer(byte[] raw) {
        byte[] r = integer(raw, 0);
        byte[] s = integer(raw, 32);
        byte[] der = new byte[2 + r.length + s.length];
        der[0] = 0x30;
        der[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, der, 2, r.length);
        System.arraycopy(s, 0, der, 2 + r.length, s.length);
        return der;
    }

    private static byte[] integer(byte[] raw, int at) {
        int start = at;
        while (start < at + 31 && raw[start] == 0) {
            start++;
        }
        boolean pad = (raw[start] & 0x80) != 0;
        int length = at + 32 - start + (pad ? 1 : 0);
        byte[] out = new byte[2 + length];
        out[0] = 0x02;
        out[1] = (byte) length;
        System.arraycopy(raw, start, out, 2 + (pad ? 1 : 0), at + 32 - start);
        return out;
    }
}
