package dev.tollgate.keys.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.keys.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Signs with one private key. What is the same for every signature is done once per key: the key is translated to the
 * provider's own key object, {@link Signature} objects are initialised once and reused (a JCA signature returns to its
 * initialised state after {@code sign()}), and the JWS protected headers are encoded once. Thread-safe.
 */
final class KeySigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** Distinct header shapes a key caches (access tokens, ID tokens, signJwt…); more are encoded per call. */
    private static final int MAX_CACHED_HEADERS = 8;

    private final String kid;
    private final KeyAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final Provider provider;
    private final String signatureName;
    /** The provider signs ECDSA in DER only; JWS wants the raw R||S pair (RFC 7518 §3.4). */
    private final boolean derToRaw;

    private final Queue<Signature> idle = new ConcurrentLinkedQueue<>();
    private final Map<Map<String, Object>, byte[]> headers = new ConcurrentHashMap<>();

    KeySigner(String kid, KeyAlgorithm algorithm, PrivateKey privateKey, Optional<Provider> provider) {
        this.kid = kid;
        this.algorithm = algorithm;
        Provider chosen = provider.orElse(null);
        String name = algorithm.jwsSignature();
        boolean der = false;
        if (chosen != null && chosen.getService("Signature", name) == null) {
            name = algorithm.certificateSignature();
            der = algorithm == KeyAlgorithm.ES256;
            if (chosen.getService("Signature", name) == null) {
                chosen = null;
                name = algorithm.jwsSignature();
                der = false;
            }
        }
        this.provider = chosen;
        this.signatureName = name;
        this.derToRaw = der;
        this.privateKey = chosen == null ? privateKey : translate(privateKey, chosen);
        release(newSignature());
    }

    /** The key as the signing provider holds it. */
    PrivateKey privateKey() {
        return privateKey;
    }

    /** Name of the provider that signs with this key ({@code SunRsaSign}, {@code AmazonCorrettoCryptoProvider}…). */
    String providerName() {
        return provider == null ? idle.element().getProvider().getName() : provider.getName();
    }

    /** {@code base64url(header)} for this key with {@code alg}, {@code kid} and {@code extras}, as ASCII bytes. */
    byte[] protectedHeader(Map<String, Object> extras) {
        byte[] cached = headers.get(extras);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.name());
        header.put("kid", kid);
        extras.forEach(header::putIfAbsent);
        byte[] encoded;
        try {
            encoded = BASE64URL.encode(JSON.writeValueAsBytes(header));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A JWS header value is not JSON-serialisable", e);
        }
        if (headers.size() < MAX_CACHED_HEADERS) {
            headers.put(Map.copyOf(extras), encoded);
        }
        return encoded;
    }

    /** The JWS signature over {@code input}: PKCS #1 v1.5 for RSA, R||S for ECDSA. */
    byte[] sign(byte[] input, int length) {
        Signature signature = idle.poll();
        try {
            if (signature == null) {
                signature = newSignature();
            }
            signature.update(input, 0, length);
            byte[] result = signature.sign();
            release(signature);
            return derToRaw ? derToRaw(result, 32) : result;
        } catch (GeneralSecurityException e) {
            // A signature that failed mid-way is not reused.
            throw new IllegalStateException("Signing with key " + kid + " failed", e);
        }
    }

    private void release(Signature signature) {
        idle.offer(signature);
    }

    private Signature newSignature() {
        try {
            Signature signature = provider == null
                    ? Signature.getInstance(signatureName)
                    : Signature.getInstance(signatureName, provider);
            signature.initSign(privateKey);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Key " + kid + " cannot sign " + signatureName, e);
        }
    }

    private static PrivateKey translate(PrivateKey key, Provider provider) {
        byte[] pkcs8 = key.getEncoded();
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), provider).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The key does not load into " + provider.getName(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * An ECDSA signature from its DER {@code SEQUENCE { INTEGER r, INTEGER s }} to the fixed-width R||S form of RFC 7518
     * §3.4 ({@code size} bytes each).
     */
    static byte[] derToRaw(byte[] der, int size) {
        int offset = 2;
        if (der[0] != 0x30) {
            throw new IllegalArgumentException("Not a DER ECDSA signature");
        }
        if ((der[1] & 0x80) != 0) {
            offset += der[1] & 0x7f;
        }
        byte[] raw = new byte[2 * size];
        offset = copyInteger(der, offset, raw, 0, size);
        copyInteger(der, offset, raw, size, size);
        return raw;
    }

    private static int copyInteger(byte[] der, int offset, byte[] raw, int at, int size) {
        if (der[offset] != 0x02) {
            throw new IllegalArgumentException("Not a DER ECDSA signature");
        }
        int length = der[offset + 1];
        int start = offset + 2;
        int skip = 0;
        while (length - skip > size && der[start + skip] == 0) {
            skip++;
        }
        int significant = length - skip;
        if (significant > size) {
            throw new IllegalArgumentException("ECDSA integer longer than " + size + " bytes");
        }
        System.arraycopy(der, start + skip, raw, at + size - significant, significant);
        return start + length;
    }
}
