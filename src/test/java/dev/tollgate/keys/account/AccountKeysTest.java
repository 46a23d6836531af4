package dev.tollgate.keys.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.keys.account.AccountKeyFixtures.Account;
import dev.tollgate.keys.account.AccountKeyFixtures.CreatedKey;
import dev.tollgate.keys.signing.KeyMaker;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountKeysTest {

    @Test
    void createWhenDefaultThenCredentialsFileWithEveryFieldAndNothingPrivateStored() {
        Account account = AccountKeyFixtures.teamAccount();
        CreatedKey key = AccountKeyFixtures.createKey(account);
        Map<String, Object> file = key.file();
        assertEquals("service_account", file.get("type"));
        assertEquals(account.home().substring("teams/".length()), file.get("project_id"));
        assertTrue(key.kid().matches("[0-9a-f]{40}"));
        assertEquals(account.email(), file.get("client_email"));
        assertEquals(account.uniqueId(), file.get("client_id"));
        String base = (String) file.get("token_uri");
        assertTrue(base.endsWith("/oauth2/token"), base);
        String issuer = base.substring(0, base.length() - "/oauth2/token".length());
        assertEquals(issuer + "/oauth2/v1/certs", file.get("auth_provider_x509_cert_url"));
        assertEquals(
                issuer + "/service_accounts/v1/metadata/x509/" + account.email(), file.get("client_x509_cert_url"));
        assertEquals("universe.test", file.get("universe_domain"));
        assertTrue(file.containsKey("auth_uri"));
        assertTrue(((String) file.get("private_key")).startsWith("-----BEGIN PRIVATE KEY-----"));

        JsonPath got = Api.asAdmin()
                .get(account.path() + "/keys/" + key.kid())
                .then()
                .statusCode(200)
                .body("keyType", equalTo("USER_MANAGED"))
                .body("keyOrigin", equalTo("GOOGLE_PROVIDED"))
                .body("keyAlgorithm", equalTo("KEY_ALG_RSA_2048"))
                .body("disabled", equalTo(false))
                .body("validBeforeTime", equalTo("9999-12-31T23:59:59Z"))
                .body("$", not(hasKey("privateKeyData")))
                .extract()
                .jsonPath();
        X509Certificate certificate = certificate(got.getString("publicKeyData"));
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) key.privateKey();
        assertEquals(privateKey.getModulus(), ((RSAPublicKey) certificate.getPublicKey()).getModulus());
    }

    @Test
    void createWhenPkcs12ThenOpensWithNotasecret() throws Exception {
        Account account = AccountKeyFixtures.teamAccount();
        String data = Api.asAdmin()
                .body(Map.of("privateKeyType", "TYPE_PKCS12_FILE", "keyAlgorithm", "KEY_ALG_RSA_2048"))
                .post(account.path() + "/keys")
                .then()
                .statusCode(200)
                .body("privateKeyType", equalTo("TYPE_PKCS12_FILE"))
                .extract()
                .path("privateKeyData");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(data)), "notasecret".toCharArray());
        PrivateKey key = (PrivateKey) store.getKey("privatekey", "notasecret".toCharArray());
        assertEquals("RSA", key.getAlgorithm());
    }

    @Test
    void createWhenUnknownTypesThenInvalidArgument() {
        Account account = AccountKeyFixtures.teamAccount();
        Api.asAdmin()
                .body(Map.of("privateKeyType", "TYPE_PEM"))
                .post(account.path() + "/keys")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body(Map.of("keyAlgorithm", "KEY_ALG_RSA_1024"))
                .post(account.path() + "/keys")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .get(account.path() + "/keys?keyTypes=EVERYTHING")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .get(account.path() + "/keys/" + "0".repeat(40) + "?publicKeyType=TYPE_DER")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        assertEquals(0, userKeys(account).size());
    }

    @Test
    void uploadWhenValidCertificateThenListedPublishedAndDuplicateRefused() {
        Account account = AccountKeyFixtures.teamAccount();
        KeyPair pair = TestCertificates.rsa(2048);
        String data = base64(TestCertificates.pemValidNow(pair));
        String name = upload(account, data)
                .statusCode(200)
                .body("keyOrigin", equalTo("USER_PROVIDED"))
                .body("keyType", equalTo("USER_MANAGED"))
                .body("$", not(hasKey("privateKeyData")))
                .extract()
                .path("name");
        String kid = name.substring(name.lastIndexOf('/') + 1);
        assertEquals(KeyMaker.kidOf(pair.getPublic()), kid);
        given().get("/service_accounts/v1/metadata/x509/" + account.email())
                .then()
                .statusCode(200)
                .body("$", hasKey(kid));
        Api.asAdmin()
                .urlEncodingEnabled(false)
                .body(Map.of("publicKeyData", data))
                .post(account.path() + "/keys%3Aupload")
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
        Account other = AccountKeyFixtures.teamAccount();
        upload(other, data).statusCode(409).body("error.status", equalTo("ALREADY_EXISTS"));
        assertEquals(1, userKeys(account).size());
        assertEquals(0, userKeys(other).size());
    }

    @Test
    void uploadWhenBadCertificateThenInvalidArgumentAndNothingStored() {
        Account account = AccountKeyFixtures.teamAccount();
        Instant now = Instant.now();
        String good = TestCertificates.pemValidNow(TestCertificates.rsa(2048));
        Map<String, String> bad = Map.of(
                "not base64", "%%%not-base64%%%",
                "not a certificate", base64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                "a private key", base64("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"),
                "EC key", base64(TestCertificates.pemValidNow(TestCertificates.ec())),
                "RSA 1024", base64(TestCertificates.pemValidNow(TestCertificates.rsa(1024))),
                "expired",
                        base64(TestCertificates.pem(
                                TestCertificates.rsa(2048),
                                now.minus(Duration.ofDays(30)),
                                now.minus(Duration.ofDays(1)))),
                "trailing garbage", base64(good + "garbage\n"),
                "two certificates", base64(good + good),
                "empty", "");
        bad.forEach((what, data) -> assertEquals(
                "INVALID_ARGUMENT",
                upload(account, data).statusCode(400).extract().path("error.status"),
                what));
        Api.asAdmin()
                .body("{}")
                .post(account.path() + "/keys:upload")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        String megabyte = "A".repeat(1_000_000);
        upload(account, megabyte).statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        assertEquals(0, userKeys(account).size());
    }

    @Test
    void createWhenEleventhKeyThenFailedPrecondition() {
        Account account = AccountKeyFixtures.teamAccount();
        for (int i = 0; i < 10; i++) {
            upload(account, base64(TestCertificates.pemValidNow(TestCertificates.rsa(2048))))
                    .statusCode(200);
        }
        create(account)
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", Matchers.containsString("10"));
        upload(account, base64(TestCertificates.pemValidNow(TestCertificates.rsa(2048))))
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
        assertEquals(10, userKeys(account).size());
    }

    @Test
    void listWhenKeyTypesThenFiltersAndSystemKeysAreGoogleProvided() {
        Account account = AccountKeyFixtures.teamAccount();
        CreatedKey key = AccountKeyFixtures.createKey(account);
        List<Map<String, Object>> all = Api.asAdmin()
                .get(account.path() + "/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys");
        List<Map<String, Object>> system = Api.asAdmin()
                .get(account.path() + "/keys?keyTypes=SYSTEM_MANAGED")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys");
        assertFalse(system.isEmpty());
        system.forEach(k -> {
            assertEquals("SYSTEM_MANAGED", k.get("keyType"));
            assertEquals("GOOGLE_PROVIDED", k.get("keyOrigin"));
        });
        assertEquals(all.size(), system.size() + 1);
        assertEquals(
                List.of(key.kid()),
                userKeys(account).stream().map(AccountKeysTest::kid).toList());
        String systemKid = kid(system.get(0));
        Api.asAdmin()
                .get(account.path() + "/keys/" + systemKid + "?publicKeyType=TYPE_RAW_PUBLIC_KEY")
                .then()
                .statusCode(200)
                .body("keyType", equalTo("SYSTEM_MANAGED"));
        Api.asAdmin()
                .delete(account.path() + "/keys/" + systemKid)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
        Api.asAdmin()
                .get("/v1/projects/-/serviceAccounts/" + account.uniqueId() + "/keys/" + key.kid())
                .then()
                .statusCode(200);
    }

    @Test
    void disableEnableDeleteWhenCalledThenPublishingFollowsAndAudited() {
        Account account = AccountKeyFixtures.teamAccount();
        CreatedKey key = AccountKeyFixtures.createKey(account);
        String jwk = "/service_accounts/v1/metadata/jwk/" + account.email();
        assertTrue(kids(jwk).contains(key.kid()));
        Api.asAdmin()
                .post(account.path() + "/keys/" + key.kid() + ":disable")
                .then()
                .statusCode(200);
        Api.asAdmin().get(account.path() + "/keys/" + key.kid()).then().body("disabled", equalTo(true));
        assertFalse(kids(jwk).contains(key.kid()));
        Api.asAdmin()
                .post(account.path() + "/keys/" + key.kid() + ":enable")
                .then()
                .statusCode(200);
        assertTrue(kids(jwk).contains(key.kid()));
        Api.asAdmin().delete(account.path() + "/keys/" + key.kid()).then().statusCode(200);
        assertFalse(kids(jwk).contains(key.kid()));
        Api.asAdmin()
                .get(account.path() + "/keys/" + key.kid())
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        List<String> methods = Api.asAdmin()
                .get("/v1/" + account.home() + "/auditLogs?pageSize=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entries.method");
        assertTrue(
                methods.containsAll(List.of(
                        "CreateServiceAccountKey",
                        "DisableServiceAccountKey",
                        "EnableServiceAccountKey",
                        "DeleteServiceAccountKey")),
                methods.toString());
    }

    @Test
    void keyWhenAddressedThroughAnotherAccountThenNotFound() {
        Account owner = AccountKeyFixtures.teamAccount();
        Account other = AccountKeyFixtures.teamAccount();
        CreatedKey key = AccountKeyFixtures.createKey(owner);
        Api.asAdmin().get(other.path() + "/keys/" + key.kid()).then().statusCode(404);
        Api.asAdmin()
                .post(other.path() + "/keys/" + key.kid() + ":disable")
                .then()
                .statusCode(404);
        Api.asAdmin().delete(other.path() + "/keys/" + key.kid()).then().statusCode(404);
        Api.asAdmin()
                .get("/v1/teams/" + Api.createTeam(Api.createOrganization()) + "/serviceAccounts/" + owner.email()
                        + "/keys")
                .then()
                .statusCode(404);
        Api.asAdmin()
                .get(owner.path() + "/keys/" + key.kid())
                .then()
                .statusCode(200)
                .body("disabled", equalTo(false));
    }

    @Test
    void keysWhenCallerLacksPermissionThenPermissionDenied() {
        Account account = AccountKeyFixtures.teamAccount();
        String stranger = Api.uniqueId("stranger") + "@example.com";
        Api.as(stranger)
                .body(Map.of())
                .post(account.path() + "/keys")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(stranger).get(account.path() + "/keys").then().statusCode(403);
        given().get(account.path() + "/keys").then().statusCode(401);
        Api.bind(account.home(), "roles/iam.serviceAccountKeyAdmin", "user:" + stranger);
        Api.as(stranger).body(Map.of()).post(account.path() + "/keys").then().statusCode(200);
    }

    @Test
    void publishWhenAccountKnownThenEveryFormatWithCacheHeadersAndAliases() throws Exception {
        Account account = AccountKeyFixtures.teamAccount();
        CreatedKey key = AccountKeyFixtures.createKey(account);
        for (String path : List.of("/service_accounts/v1/metadata/x509/", "/robot/v1/metadata/x509/")) {
            Map<String, String> certificates = given().get(path + account.email())
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", "public, max-age=3600, must-revalidate")
                    .extract()
                    .jsonPath()
                    .getMap("");
            assertTrue(certificates.size() >= 2, certificates.keySet().toString());
            certificate(base64(certificates.get(key.kid())));
        }
        assertEquals(
                kids("/service_accounts/v1/metadata/jwk/" + account.email()),
                kids("/service_accounts/v1/jwk/" + account.email()));
        List<Map<String, String>> raw = given().get("/service_accounts/v1/metadata/raw/" + account.email())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keyvalues");
        Map<String, String> entry = raw.stream()
                .filter(k -> k.get("keyid").equals(key.kid()))
                .findFirst()
                .orElseThrow();
        assertEquals(
                ((RSAPrivateCrtKey) key.privateKey()).getModulus(),
                new BigInteger(1, Base64.getDecoder().decode(entry.get("modulus"))));
        String etag = given().get("/service_accounts/v1/metadata/jwk/" + account.email())
                .header("ETag");
        given().header("If-None-Match", etag)
                .get("/service_accounts/v1/metadata/jwk/" + account.email())
                .then()
                .statusCode(304);
        given().get("/service_accounts/v1/metadata/jwk/nobody@nowhere.team.tollgate.local")
                .then()
                .statusCode(404);
    }

    @Test
    void createAndUploadWhenConstraintsEnforcedThenFailedPreconditionNamingThem() {
        Account account = AccountKeyFixtures.teamAccount();
        enforce(account.home(), "iam.disableServiceAccountKeyCreation");
        create(account)
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", Matchers.containsString("iam.disableServiceAccountKeyCreation"));
        String upload = base64(TestCertificates.pemValidNow(TestCertificates.rsa(2048)));
        upload(account, upload).statusCode(200);
        enforce(account.home(), "iam.disableServiceAccountKeyUpload");
        upload(account, base64(TestCertificates.pemValidNow(TestCertificates.rsa(2048))))
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", Matchers.containsString("iam.disableServiceAccountKeyUpload"));
        assertEquals(1, userKeys(account).size());
    }

    @Test
    void createWhenKeyExpirySetThenValidBeforeFollowsItForNewKeysOnly() {
        Account account = AccountKeyFixtures.teamAccount();
        CreatedKey before = AccountKeyFixtures.createKey(account);
        Api.asAdmin()
                .body(Map.of("value", Map.of("stringValue", "24h")))
                .patch("/v1/" + account.home() + "/settings/iam-serviceAccountKeyExpiry")
                .then()
                .statusCode(200);
        CreatedKey after = AccountKeyFixtures.createKey(account);
        String old = Api.asAdmin()
                .get(account.path() + "/keys/" + before.kid())
                .then()
                .extract()
                .path("validBeforeTime");
        assertEquals("9999-12-31T23:59:59Z", old);
        JsonPath created = Api.asAdmin()
                .get(account.path() + "/keys/" + after.kid())
                .then()
                .extract()
                .jsonPath();
        Duration life = Duration.between(
                Instant.parse(created.getString("validAfterTime")),
                Instant.parse(created.getString("validBeforeTime")));
        assertEquals(Duration.ofHours(24).toMinutes(), life.toMinutes(), 1);
    }

    /** {@code POST {account}/keys:upload} by the admin with {@code publicKeyData}. */
    private static ValidatableResponse upload(Account account, String publicKeyData) {
        return Api.asAdmin()
                .body(Map.of("publicKeyData", publicKeyData))
                .post(account.path() + "/keys:upload")
                .then();
    }

    /** {@code POST {account}/keys} by the admin with the default key type. */
    private static ValidatableResponse create(Account account) {
        return Api.asAdmin().body(Map.of()).post(account.path() + "/keys").then();
    }

    private static void enforce(String resource, String constraint) {
        Api.asAdmin()
                .body(Map.of("spec", Map.of("rules", List.of(Map.of("enforce", true)))))
                .put("/v1/" + resource + "/policies/" + constraint)
                .then()
                .statusCode(200);
    }

    private static List<Map<String, Object>> userKeys(Account account) {
        return Api.asAdmin()
                .get(account.path() + "/keys?keyTypes=USER_MANAGED")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys");
    }

    private static List<String> kids(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private static String kid(Map<String, Object> key) {
        String name = (String) key.get("name");
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static X509Certificate certificate(String base64Pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
