package dev.tollgate.publish;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.PublishedKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code {"keyvalues":[{keyid, algorithm:"RSA", modulus, exponent}]}} with standard base64, RSA keys only. */
public final class RawKeyRenderer {

    private RawKeyRenderer() {}

    public static PublishedDocument render(List<PublishedKey> keys) {
        return PublishedDocument.json(Map.of(
                "keyvalues",
                keys.stream()
                        .filter(key -> key.algorithm() == KeyAlgorithm.RS256)
                        .map(RawKeyRenderer::raw)
                        .toList()));
    }

    private static Map<String, String> raw(PublishedKey key) {
        RSAPublicKey rsa = (RSAPublicKey) key.publicKey();
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("keyid", key.kid());
        raw.put("algorithm", "RSA");
        raw.put("modulus", Base64.getEncoder().encodeToString(JwksRenderer.unsigned(rsa.getModulus(), 0)));
        raw.put("exponent", Base64.getEncoder().encodeToString(JwksRenderer.unsigned(rsa.getPublicExponent(), 0)));
        return raw;
    }
}
