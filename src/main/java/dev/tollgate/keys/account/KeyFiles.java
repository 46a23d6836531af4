package dev.tollgate.keys.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.keys.Pem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The private-key files handed out once when a user-managed key is created (docs/api.md "Keys"): a Google credentials
 * JSON file or a PKCS#12 file protected by {@code notasecret}. Nothing here is stored.
 */
final class KeyFiles {

    static final String PKCS12_PASSWORD = "notasecret";
    /** The alias Google's PKCS#12 files use, which its client libraries look for. */
    static final String PKCS12_ALIAS = "privatekey";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Who the file is for and the URLs a client needs, built from {@code tollgate.issuer}, and the universe domain
     * the client libraries derive host names from ({@code tollgate.universe.domain}, else {@code googleapis.com}).
     */
    record Account(String email, String uniqueId, String homeId, String baseUrl, String universeDomain) {}

    private KeyFiles() {}

    static byte[] credentialsJson(Account account, String kid, KeyPair pair) {
        Map<String, String> file = new LinkedHashMap<>();
        file.put("type", "service_account");
        file.put("project_id", account.homeId());
        file.put("private_key_id", kid);
        file.put("private_key", Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        file.put("client_email", account.email());
        file.put("client_id", account.uniqueId());
        file.put("auth_uri", account.baseUrl() + "/oauth2/auth");
        file.put("token_uri", account.baseUrl() + "/oauth2/token");
        file.put("auth_provider_x509_cert_url", account.baseUrl() + "/oauth2/v1/certs");
        file.put("client_x509_cert_url", account.baseUrl() + "/service_accounts/v1/metadata/x509/" + account.email());
        file.put("universe_domain", account.universeDomain());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render a credentials file", e);
        }
    }

    static byte[] pkcs12(KeyPair pair, String certificatePem) {
        try {
            Certificate certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    PKCS12_ALIAS, pair.getPrivate(), PKCS12_PASSWORD.toCharArray(), new Certificate[] {certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, PKCS12_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a PKCS#12 file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
