package dev.tollgate.publish;

import dev.tollgate.keys.KeyAlgorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Authorization server metadata (RFC 8414 §2) and the OpenID Connect discovery fields verifiers read. */
public final class DiscoveryDocument {

    private DiscoveryDocument() {}

    public static PublishedDocument render(String baseUrl, KeyAlgorithm serverAlgorithm) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", baseUrl);
        document.put("token_endpoint", baseUrl + "/oauth2/token");
        document.put("jwks_uri", baseUrl + "/oauth2/v3/certs");
        document.put("introspection_endpoint", baseUrl + "/oauth2/introspect");
        document.put(
                "grant_types_supported",
                List.of(
                        "client_credentials",
                        "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "urn:ietf:params:oauth:grant-type:token-exchange"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(serverAlgorithm.name()));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put(
                "introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("scopes_supported", List.of("openid", "email"));
        document.put(
                "claims_supported",
                List.of(
                        "iss",
                        "sub",
                        "aud",
                        "exp",
                        "iat",
                        "jti",
                        "azp",
                        "scope",
                        "client_id",
                        "email",
                        "email_verified",
                        "org",
                        "team",
                        "act"));
        return PublishedDocument.json(document);
    }
}
