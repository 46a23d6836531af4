package dev.tollgate.attacks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Threat: a project admin uses providers to make the server probe its own network — issuers at loopback or private
 * addresses (also hidden in 6to4, Teredo, NAT64 or IPv4-mapped IPv6 forms) — and reads the answers from the
 * unauthenticated exchange's errors, which told open ports from closed ones. Internal addresses are refused unless
 * the operator names the host (tests name 127.0.0.1 and localhost), and every fetch failure answers one error.
 */
@QuarkusTest
class IssuerProbingAttackTest {

    private final TestIssuer signer = TestIdentityProviders.issuer("probing");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshPool() {
        api = FederationApi.sharedProject();
        pool = api.createPool();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.2:8080/",
                "http://[::1]:8080/",
                "http://10.0.0.1/",
                "http://172.16.3.4/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://0.0.0.0:8080/",
                "http://[fd12:3456::1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[::127.0.0.2]/",
                "http://[2002:7f00:2::1]/",
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffd]/",
                "http://[64:ff9b::a00:1]/",
                "http://idp.localhost/",
                "http://169.254.169.254/",
                "http://[fe80::1]/"
            })
    void createProviderWhenIssuerIsInternalAddressThenInvalidArgumentAndNothingSaved(String issuer) {
        String id = FederationApi.poolId();
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), Map.of("google.subject", "assertion.sub"), null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=" + id)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("oidc.issuerUri"));
        Api.asAdmin().get(api.provider(pool, id)).then().statusCode(404);
    }

    @Test
    void exchangeWhenIssuerPortClosedOrOpenThenOneUniformErrorAndDetailsOnlyInDryRun() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort() + "/idp";
        String open = "http://127.0.0.1:" + RestAssured.port + "/idp";

        JsonPath closedAnswer = exchangeFrom(closed);
        JsonPath openAnswer = exchangeFrom(open);

        assertThat(closedAnswer.getString("error"), equalTo("invalid_grant"));
        assertThat(openAnswer.getMap(""), equalTo(closedAnswer.getMap("")));
        assertThat(closedAnswer.getString("error_description"), not(containsString("127.0.0.1")));
        assertThat(dryRun(closed).getString("errorDescription"), containsString(closed));
        assertThat(dryRun(open).getString("errorDescription"), containsString("HTTP 404"));
    }

    private String providerAt(String issuer) {
        return api.createProvider(
                pool, FederationApi.oidc(issuer, List.of(), Map.of("google.subject", "assertion.sub"), null));
    }

    private JsonPath exchangeFrom(String issuer) {
        String provider = providerAt(issuer);
        String audience = api.audience(pool, provider);
        return FederationApi.exchange(audience, token(issuer, audience))
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
    }

    private JsonPath dryRun(String issuer) {
        String provider = providerAt(issuer);
        return Api.asAdmin()
                .body(Map.of("subjectToken", token(issuer, api.audience(pool, provider))))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_grant"))
                .extract()
                .jsonPath();
    }

    private String token(String issuer, String audience) {
        long now = Instant.now().getEpochSecond();
        return signer.sign(
                "RS256",
                Map.of(),
                Map.of("iss", issuer, "aud", audience, "sub", "probe", "iat", now, "exp", now + 600));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
