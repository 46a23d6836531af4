package dev.tollgate.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** A team-scoped service account with a key file from the keys API, signing jwt-bearer assertions as its holder. */
public record KeyFileHolder(String team, String email, String uniqueId, String kid, PrivateKey key) {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final String GOOGLE_AUD = "https://oauth2.googleapis.com/token";

    public static KeyFileHolder create() throws Exception {
        String team = Api.createTeam(Api.createOrganization());
        String raw = "at" + Api.uniqueId("k").replace("-", "");
        String accountId = raw.substring(0, Math.min(raw.length(), 29)) + "x";
        Map<String, Object> account = Api.asAdmin()
                .body(Map.of("accountId", accountId))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        return new KeyFileHolder(team, (String) account.get("email"), (String) account.get("uniqueId"), null, null)
                .withNewKey();
    }

    /** The same account holding a new key file from the keys API (the account's other keys stay). */
    public KeyFileHolder withNewKey() throws Exception {
        String data = Api.asAdmin()
                .body(Map.of())
                .post(path() + "/keys")
                .then()
                .statusCode(200)
                .extract()
                .path("privateKeyData");
        Map<?, ?> file = new ObjectMapper().readValue(Base64.getDecoder().decode(data), Map.class);
        String pem = ((String) file.get("private_key"))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        return new KeyFileHolder(team, email, uniqueId, (String) file.get("private_key_id"), privateKey);
    }

    /** The key's X.509 certificate (PEM), as the keys API publishes it. */
    public String publicCertificate() {
        return new String(Base64.getDecoder()
                .decode(Api.asAdmin()
                        .get(path() + "/keys/" + kid)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("publicKeyData")));
    }

    /** {@code /v1/teams/{team}/serviceAccounts/{email}} */
    public String path() {
        return "/v1/teams/" + team + "/serviceAccounts/" + email;
    }

    /** An assertion as Google's clients make it (scope in the claims, no jti), changed by {@code change}. */
    public String sign(Consumer<JwtClaims> change) throws Exception {
        return sign(change, jws -> {});
    }

    /** As {@link #sign(Consumer)}, with the JWS (header, key) changed by {@code header} before signing. */
    public String sign(Consumer<JwtClaims> change, Consumer<JsonWebSignature> header) throws Exception {
        JwtClaims claims = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        claims.setIssuer(email);
        claims.setAudience(GOOGLE_AUD);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        claims.setClaim("scope", "https://www.googleapis.com/auth/cloud-platform");
        change.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        header.accept(jws);
        return jws.getCompactSerialization();
    }

    public static ValidatableResponse grant(String assertion, Map<String, String> extra) {
        return given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", GRANT_TYPE)
                .formParam("assertion", assertion)
                .formParams(extra)
                .post("/oauth2/token")
                .then();
    }
}
