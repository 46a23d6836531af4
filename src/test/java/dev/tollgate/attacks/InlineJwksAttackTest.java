package dev.tollgate.attacks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: the organization allows only certain issuers (iam.workloadIdentityPoolProviders), and a project admin
 * names an allowed issuer on a provider but carries its own keys in {@code oidc.jwksJson}, then exchanges tokens it
 * forged "from" the allowed issuer. Under that constraint inline keys are refused when saved and ignored by exchanges.
 */
@QuarkusTest
class InlineJwksAttackTest {

    private static final String CONSTRAINT = "iam.workloadIdentityPoolProviders";

    private final TestIssuer allowed = TestIdentityProviders.issuer("github");
    private final TestIssuer attacker = TestIdentityProviders.issuer("inline-jwks-attacker");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshProject() {
        api = FederationApi.freshProject();
        pool = api.createPool();
    }

    @Test
    void createProviderWhenInlineKeysUnderAllowedIssuersThenFailedPreconditionAndNothingSaved() {
        allowOnly(allowed.url());
        String id = FederationApi.poolId();
        Api.asAdmin()
                .body(providerWithAttackerKeys())
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=" + id)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString(CONSTRAINT))
                .body("error.message", containsString("jwksJson"));
        Api.asAdmin().get(api.provider(pool, id)).then().statusCode(404);
    }

    @Test
    void updateProviderWhenAddingInlineKeysUnderAllowedIssuersThenFailedPreconditionAndKeysNotStored() {
        allowOnly(allowed.url());
        String provider = api.createProvider(
                pool, FederationApi.oidc(allowed.url(), List.of(), Map.of("google.subject", "assertion.sub"), null));
        Api.asAdmin()
                .body(Map.of("oidc", Map.of("issuerUri", allowed.url(), "jwksJson", attackerJwks())))
                .patch(api.provider(pool, provider) + "?updateMask=oidc.jwksJson")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString(CONSTRAINT));
        Api.asAdmin().get(api.provider(pool, provider)).then().statusCode(200).body("oidc.jwksJson", nullValue());
    }

    @Test
    void exchangeWhenInlineKeysPredateAllowedIssuersThenForgedTokenRefused() {
        String provider = api.createProvider(pool, providerWithAttackerKeys());
        String audience = api.audience(pool, provider);
        FederationApi.exchange(audience, forgedToken(audience)).then().statusCode(200);

        allowOnly(allowed.url());

        FederationApi.exchange(audience, forgedToken(audience))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("access_token", nullValue());
        Api.asAdmin()
                .body(Map.of("subjectToken", forgedToken(audience)))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_grant"))
                .body("errorDescription", containsString(CONSTRAINT));
    }

    private void allowOnly(String issuer) {
        Api.asAdmin()
                .body(Map.of(
                        "spec", Map.of("rules", List.of(Map.of("values", Map.of("allowedValues", List.of(issuer)))))))
                .put("/v1/projects/" + api.projectId + "/policies/" + CONSTRAINT)
                .then()
                .statusCode(200);
    }

    private Map<String, Object> providerWithAttackerKeys() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oidc", Map.of("issuerUri", allowed.url(), "allowedAudiences", List.of(), "jwksJson", attackerJwks()));
        body.put("attributeMapping", Map.of("google.subject", "assertion.sub"));
        return body;
    }

    private String attackerJwks() {
        RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) attacker.keys().getPublic());
        key.setKeyId(attacker.kid());
        key.setAlgorithm("RS256");
        key.setUse("sig");
        return new JsonWebKeySet(key).toJson();
    }

    /** A token claiming the allowed issuer, signed with the attacker's key. */
    private String forgedToken(String audience) {
        long now = Instant.now().getEpochSecond();
        return attacker.sign(
                "RS256",
                Map.of(),
                Map.of("iss", allowed.url(), "aud", audience, "sub", "repo:victim/prod", "iat", now, "exp", now + 600));
    }
}
