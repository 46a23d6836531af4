package dev.tollgate.publish;

import dev.tollgate.keys.PublishedKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code kid → PEM certificate} map Google publishes at {@code /oauth2/v1/certs} and per service account. */
public final class X509Renderer {

    private X509Renderer() {}

    public static PublishedDocument render(List<PublishedKey> keys) {
        Map<String, String> certificates = new LinkedHashMap<>();
        keys.forEach(key -> certificates.put(key.kid(), key.certificatePem()));
        return PublishedDocument.json(certificates);
    }
}
