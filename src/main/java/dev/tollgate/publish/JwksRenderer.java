package dev.tollgate.publish;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.PublishedKey;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Web Key Set (RFC 7517 §5) of public keys. Built member by member from public-key records, never by
 * serialising a key object, so no private member ({@code d}, {@code p}, {@code q}…) can appear.
 */
public final class JwksRenderer {

    private JwksRenderer() {}

    public static PublishedDocument render(List<PublishedKey> keys) {
        return PublishedDocument.json(
                Map.of("keys", keys.stream().map(JwksRenderer::jwk).toList()));
    }

    static Map<String, Object> jwk(PublishedKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", key.algorithm().keyType());
        jwk.put("alg", key.algorithm().name());
        jwk.put("use", "sig");
        jwk.put("kid", key.kid());
        if (key.algorithm() == KeyAlgorithm.RS256) {
            RSAPublicKey rsa = (RSAPublicKey) key.publicKey();
            jwk.put("n", base64url(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", base64url(unsigned(rsa.getPublicExponent(), 0)));
        } else {
            ECPublicKey ec = (ECPublicKey) key.publicKey();
            jwk.put("crv", "P-256");
            jwk.put("x", base64url(unsigned(ec.getW().getAffineX(), 32)));
            jwk.put("y", base64url(unsigned(ec.getW().getAffineY(), 32)));
        }
        return jwk;
    }

    /** Big-endian bytes without a sign byte, left-padded to {@code length} when given (RFC 7518 §6.2.1.2). */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length >= length) {
            return bytes;
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
