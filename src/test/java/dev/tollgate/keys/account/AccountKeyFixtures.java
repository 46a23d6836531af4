package dev.tollgate.keys.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/** Service accounts and their keys, made over HTTP as the bootstrap admin. */
final class AccountKeyFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A service account: where it lives and its path prefix {@code /v1/{home}/serviceAccounts/{email}}. */
    record Account(String home, String email, String uniqueId) {
        String path() {
            return "/v1/" + home + "/serviceAccounts/" + email;
        }
    }

    /** A created key: its id and the credentials file as a map. */
    record CreatedKey(String kid, Map<String, Object> file, byte[] fileBytes) {
        PrivateKey privateKey() {
            try {
                String pem = ((String) file.get("private_key"))
                        .replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", "");
                return KeyFactory.getInstance("RSA")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private AccountKeyFixtures() {}

    static Account teamAccount() {
        String team = Api.createTeam(Api.createOrganization());
        return account("teams/" + team);
    }

    static Account account(String home) {
        String raw = "sa" + Api.uniqueId("k").replace("-", "");
        String accountId = raw.substring(0, Math.min(raw.length(), 29)) + "x";
        Map<String, Object> created = Api.asAdmin()
                .body(Map.of("accountId", accountId, "serviceAccount", Map.of("displayName", "keys test")))
                .post("/v1/" + home + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        return new Account(home, (String) created.get("email"), (String) created.get("uniqueId"));
    }

    @SuppressWarnings("unchecked")
    static CreatedKey createKey(Account account) {
        Map<String, Object> key = Api.asAdmin()
                .body(Map.of())
                .post(account.path() + "/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        byte[] file = Base64.getDecoder().decode((String) key.get("privateKeyData"));
        try {
            Map<String, Object> parsed = JSON.readValue(new String(file, StandardCharsets.UTF_8), Map.class);
            String kid = ((String) key.get("name")).substring(((String) key.get("name")).lastIndexOf('/') + 1);
            assertEquals(kid, parsed.get("private_key_id"));
            return new CreatedKey(kid, parsed, file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
