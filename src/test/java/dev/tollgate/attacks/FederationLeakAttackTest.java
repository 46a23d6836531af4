package dev.tollgate.attacks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: anyone holding a token of the provider's issuer (any GitHub repository, say) learns the provider's
 * attribute condition and mapping from the exchange's error, and with them which repository, branch or group to
 * impersonate. The unauthenticated answer is fixed; the expressions appear only in the administrator's dry run.
 */
@QuarkusTest
class FederationLeakAttackTest {

    private static final String CONDITION = "assertion.repository == 'victim-org/deploy-secret-repo'";
    private static final String MAPPING = "assertion.sub + assertion.mapping_secret_claim";

    private final TestIssuer issuer = TestIdentityProviders.issuer("leak");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshPool() {
        api = FederationApi.sharedProject();
        pool = api.createPool();
    }

    @Test
    void exchangeWhenConditionFalseThenItsExpressionIsNotEchoed() {
        String provider = api.createProvider(
                pool,
                FederationApi.oidc(issuer.url(), List.of(), Map.of("google.subject", "assertion.sub"), CONDITION));
        String audience = api.audience(pool, provider);

        FederationApi.exchange(audience, token(audience))
                .then()
                .statusCode(400)
                .body("error", equalTo("unauthorized_client"))
                .body("error_description", not(containsString("deploy-secret-repo")))
                .body("error_description", not(containsString("assertion.")));
        dryRun(provider, audience).body("errorDescription", containsString("deploy-secret-repo"));
    }

    @Test
    void exchangeWhenMappingFailsThenItsExpressionIsNotEchoed() {
        String provider = api.createProvider(
                pool, FederationApi.oidc(issuer.url(), List.of(), Map.of("google.subject", MAPPING), null));
        String audience = api.audience(pool, provider);

        FederationApi.exchange(audience, token(audience))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", not(containsString("mapping_secret_claim")))
                .body("error_description", not(containsString("google.subject")));
        dryRun(provider, audience).body("errorDescription", containsString("mapping_secret_claim"));
    }

    private ValidatableResponse dryRun(String provider, String audience) {
        return Api.asAdmin()
                .body(Map.of("subjectToken", token(audience)))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200);
    }

    private String token(String audience) {
        long now = Instant.now().getEpochSecond();
        return issuer.sign(
                "RS256",
                Map.of(),
                Map.of(
                        "iss",
                        issuer.url(),
                        "aud",
                        audience,
                        "sub",
                        "repo:attacker/x",
                        "repository",
                        "attacker/x",
                        "iat",
                        now,
                        "exp",
                        now + 600));
    }
}
