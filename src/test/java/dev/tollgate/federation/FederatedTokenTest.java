package dev.tollgate.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The STS exchange over HTTP (docs/api.md "Token endpoint") and federated tokens as callers (§8), with their audit entries. */
@QuarkusTest
class FederatedTokenTest {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final String OWNER_CONDITION = "assertion.repository_owner == 'octo-org'";
    private static final String REPOSITORY = "octo-org/octo-repo";

    @Inject
    TestClock clock;

    @Inject
    Pool database;

    private final TestIssuer github = TestIdentityProviders.issuer("github");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshPool() {
        api = FederationApi.sharedProject();
        pool = api.createPool();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void exchangeWhenFormThenFederatedTokenWithPrincipalGroupsAndAttributes() {
        String provider = githubProvider(OWNER_CONDITION);
        JsonPath response = form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(200)
                .body("issued_token_type", equalTo(ACCESS_TOKEN))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", allOf(greaterThan(3500), lessThanOrEqualTo(3600)))
                .body("access_token", notNullValue())
                .extract()
                .jsonPath();

        Map<String, Object> claims = payload(response.getString("access_token"));
        assertThat(claims.get("sub"), equalTo(principal("repo:octo-org/octo-repo:environment:prod")));
        assertThat(claims.get("client_id"), equalTo(api.audience(pool, provider)));
        assertThat(claims.get("scope"), equalTo("https://www.googleapis.com/auth/cloud-platform"));
        assertThat(
                claims.get("pool"),
                equalTo("projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool));
        assertThat(claims.get("provider"), equalTo(claims.get("pool") + "/providers/" + provider));
        assertThat(claims.get("attributes"), equalTo(Map.of("repository", REPOSITORY, "repository_owner", "octo-org")));
        assertThat(claims.get("groups"), equalTo(List.of("octo-org")));
    }

    @Test
    void exchangeWhenSubjectTokenExpiresSoonThenLifetimeIsItsRemainingLife() {
        String provider = githubProvider(OWNER_CONDITION);
        form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 600))
                .then()
                .statusCode(200)
                .body("expires_in", allOf(greaterThan(590), lessThanOrEqualTo(600)));
    }

    @Test
    void exchangeWhenJsonCamelCaseWithTwiceEncodedOptionsThenToken() {
        String provider = githubProvider(OWNER_CONDITION);
        String options = URLEncoder.encode(
                URLEncoder.encode("{\"userProject\":\"x\"}", StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grantType", GRANT);
        body.put("audience", api.audience(pool, provider));
        body.put("scope", List.of("https://www.googleapis.com/auth/cloud-platform"));
        body.put("requestedTokenType", ACCESS_TOKEN);
        body.put("subjectTokenType", "urn:ietf:params:oauth:token-type:id_token");
        body.put("subjectToken", githubToken(api.audience(pool, provider), 3600));
        body.put("options", options);
        given().contentType("application/json")
                .body(body)
                .post("/v1/token")
                .then()
                .statusCode(200)
                .body("issued_token_type", equalTo(ACCESS_TOKEN))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", greaterThan(0));
    }

    @Test
    void exchangeWhenFormOptionsEncodedTwiceThenAccepted() {
        String provider = githubProvider(OWNER_CONDITION);
        String options = URLEncoder.encode(
                URLEncoder.encode("{\"userProject\":\"x\"}", StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=" + enc(GRANT) + "&audience=" + enc(api.audience(pool, provider))
                        + "&subject_token_type=" + enc(JWT) + "&subject_token="
                        + githubToken(api.audience(pool, provider), 3600) + "&options=" + options)
                .post("/v1/token")
                .then()
                .statusCode(200)
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void exchangeWhenAudienceNamesUnknownProviderThenInvalidTarget() {
        String audience = api.audience(pool, "nope-" + FederationApi.poolId().substring(0, 8));
        form(audience, githubToken(audience, 3600)).then().statusCode(400).body("error", equalTo("invalid_target"));
    }

    @Test
    void exchangeWhenConditionFalseThenUnauthorizedClientAndAudited() {
        String provider = githubProvider("assertion.repository_owner == 'someone-else'");
        form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(400)
                .body("error", equalTo("unauthorized_client"))
                .body(
                        "error_description",
                        containsString("The given credential is rejected by the attribute" + " condition."));
        assertAudited(providerResource(provider), "unauthorized_client", "repo:octo-org/octo-repo:environment:prod");
    }

    @Test
    void exchangeWhenSubjectTokenExpiredThenInvalidGrant() {
        String provider = githubProvider(OWNER_CONDITION);
        Map<String, Object> claims = github.fresh(Fixtures.claims(Fixtures.GITHUB));
        long past = Instant.now().getEpochSecond() - 7200;
        claims.put("iat", past);
        claims.put("nbf", past);
        claims.put("exp", past + 600);
        claims.put("aud", api.audience(pool, provider));
        form(api.audience(pool, provider), github.sign("RS256", Map.of(), claims))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void exchangeWhenPoolDisabledThenInvalidTarget() {
        String provider = githubProvider(OWNER_CONDITION);
        setPoolDisabled(true);
        form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"));
    }

    @Test
    void exchangeWhenProviderDeletedThenInvalidTarget() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.asAdmin().delete(api.provider(pool, provider)).then().statusCode(200);
        form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"));
    }

    @Test
    void exchangeWhenAcceptedThenAuditedWithProviderAndExternalSubject() {
        String provider = githubProvider(OWNER_CONDITION);
        form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(200);
        assertAudited(providerResource(provider), "OK", "repo:octo-org/octo-repo:environment:prod");
    }

    @Test
    void federatedTokenWhenBoundThenCallerHasPrincipalSetPermissions() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.bind("projects/" + api.projectId, "roles/viewer", attributeSet("repository", REPOSITORY));
        String token = federatedToken(provider);
        testPermissions(token)
                .statusCode(200)
                .body("permissions", hasItem("projects.get"))
                .body("permissions", not(hasItem("projects.write")));
    }

    @Test
    void federatedTokenWhenPoolDisabledThenUnauthenticatedAndInactiveAtOnce() {
        String provider = githubProvider(OWNER_CONDITION);
        String token = federatedToken(provider);
        testPermissions(token).statusCode(200);
        introspect(token)
                .body("active", equalTo(true))
                .body("sub", equalTo(principal("repo:octo-org/octo-repo:environment:prod")));

        setPoolDisabled(true);
        testPermissions(token).statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
        introspect(token).body("active", equalTo(false)).body("sub", equalTo(null));

        setPoolDisabled(false);
        testPermissions(token).statusCode(200);
    }

    @Test
    void federatedTokenWhenProviderDisabledThenUnauthenticated() {
        String provider = githubProvider(OWNER_CONDITION);
        String token = federatedToken(provider);
        Api.asAdmin()
                .body(Map.of("disabled", true))
                .patch(api.provider(pool, provider) + "?updateMask=disabled")
                .then()
                .statusCode(200);
        testPermissions(token).statusCode(401);
        introspect(token).body("active", equalTo(false));
    }

    @Test
    void federatedTokenWhenExpiredThenUnauthenticated() {
        String provider = githubProvider(OWNER_CONDITION);
        String token = federatedToken(provider);
        clock.advance(Duration.ofHours(2));
        testPermissions(token).statusCode(401);
        introspect(token).body("active", equalTo(false));
    }

    @Test
    void generateAccessTokenWhenPrincipalSetIsWorkloadIdentityUserThenAccountToken() {
        String provider = githubProvider(OWNER_CONDITION);
        FederationApi.Account account = FederationApi.createServiceAccount();
        Api.bind(account.resource(), "roles/iam.workloadIdentityUser", attributeSet("repository", REPOSITORY));
        String token = federatedToken(provider);

        String accountToken = generateAccessToken(token, account.email())
                .statusCode(200)
                .body("expireTime", notNullValue())
                .extract()
                .path("accessToken");
        Map<String, Object> claims = payload(accountToken);
        assertThat(claims.get("sub"), equalTo(account.uniqueId()));
        assertThat(claims.get("email"), equalTo(account.email()));
        assertAudited(providerResource(provider), "OK", "repo:octo-org/octo-repo:environment:prod");
        assertImpersonationAudited(account.resource(), principal("repo:octo-org/octo-repo:environment:prod"));
    }

    @Test
    void generateAccessTokenWhenPrincipalNotBoundThenPermissionDenied() {
        String provider = githubProvider(OWNER_CONDITION);
        FederationApi.Account account = FederationApi.createServiceAccount();
        Api.bind(account.resource(), "roles/iam.workloadIdentityUser", attributeSet("repository", "octo-org/other"));
        generateAccessToken(federatedToken(provider), account.email())
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void generateAccessTokenWhenPoolDisabledAfterExchangeThenUnauthenticated() {
        String provider = githubProvider(OWNER_CONDITION);
        FederationApi.Account account = FederationApi.createServiceAccount();
        Api.bind(account.resource(), "roles/iam.workloadIdentityUser", attributeSet("repository", REPOSITORY));
        String token = federatedToken(provider);
        generateAccessToken(token, account.email()).statusCode(200);

        setPoolDisabled(true);
        generateAccessToken(token, account.email()).statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
    }

    private static ValidatableResponse generateAccessToken(String token, String email) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("scope", List.of("https://www.googleapis.com/auth/cloud-platform")))
                .post("/v1/projects/-/serviceAccounts/" + email + ":generateAccessToken")
                .then();
    }

    private String federatedToken(String provider) {
        return form(api.audience(pool, provider), githubToken(api.audience(pool, provider), 3600))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private ValidatableResponse testPermissions(String token) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("permissions", List.of("projects.get", "projects.write")))
                .post("/v1/projects/" + api.projectId + ":testIamPermissions")
                .then();
    }

    private static ValidatableResponse introspect(String token) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("token=" + token)
                .post("/v1/introspect")
                .then()
                .statusCode(200);
    }

    private Response form(String audience, String subjectToken) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=" + enc(GRANT) + "&audience=" + enc(audience) + "&scope="
                        + enc("https://www.googleapis.com/auth/cloud-platform") + "&requested_token_type="
                        + enc(ACCESS_TOKEN) + "&subject_token_type=" + enc(JWT) + "&subject_token=" + subjectToken)
                .post("/v1/token");
    }

    private String githubProvider(String condition) {
        return api.createProvider(
                pool,
                FederationApi.oidc(
                        github.url(),
                        List.of(),
                        Map.of(
                                "google.subject",
                                "assertion.sub",
                                "google.groups",
                                "[assertion.repository_owner]",
                                "attribute.repository",
                                "assertion.repository",
                                "attribute.repository_owner",
                                "assertion.repository_owner"),
                        condition));
    }

    private String githubToken(String audience, long lifetimeSeconds) {
        Map<String, Object> claims = github.fresh(Fixtures.claims(Fixtures.GITHUB));
        claims.put("aud", audience);
        claims.put("exp", Instant.now().getEpochSecond() + lifetimeSeconds);
        return github.sign("RS256", Map.of(), claims);
    }

    private void setPoolDisabled(boolean disabled) {
        Api.asAdmin()
                .body(Map.of("disabled", disabled))
                .patch(api.pool(pool) + "?updateMask=disabled")
                .then()
                .statusCode(200);
    }

    private String principal(String subject) {
        return "principal://iam.tollgate.local/projects/" + api.projectNumber
                + "/locations/global/workloadIdentityPools/" + pool + "/subject/" + subject;
    }

    private String attributeSet(String attribute, String value) {
        return "principalSet://iam.tollgate.local/projects/" + api.projectNumber
                + "/locations/global/workloadIdentityPools/" + pool + "/attribute." + attribute + "/" + value;
    }

    private String providerResource(String provider) {
        return "projects/" + api.projectId + "/locations/global/workloadIdentityPools/" + pool + "/providers/"
                + provider;
    }

    /** The audit log is written in batches every second; polls briefly for the entry. */
    private void assertAudited(String resource, String result, String externalSubject) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = 0;
        while (count == 0 && System.nanoTime() < deadline) {
            count = database.preparedQuery("select count(*) from audit_log where method = 'IssueToken'"
                            + " and resource = $1 and result = $2 and details::jsonb->>'externalSubject' = $3"
                            + " and $4 = any(within)")
                    .execute(Tuple.of(resource, result, externalSubject, "projects/" + api.projectId))
                    .await()
                    .atMost(Duration.ofSeconds(5))
                    .iterator()
                    .next()
                    .getLong(0);
            pause(count);
        }
        assertThat("audit entry for " + resource + " " + result, count, equalTo(1L));
    }

    /** The Credentials API audits the impersonation under the federated principal (batched, so polled). */
    private void assertImpersonationAudited(String accountResource, String principal) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = 0;
        while (count == 0 && System.nanoTime() < deadline) {
            count = database.preparedQuery("select count(*) from audit_log where method = 'GenerateAccessToken'"
                            + " and principal = $1 and result = 'OK' and $2 = any(within)")
                    .execute(Tuple.of(
                            principal, accountResource.substring(0, accountResource.indexOf("/serviceAccounts/"))))
                    .await()
                    .atMost(Duration.ofSeconds(5))
                    .iterator()
                    .next()
                    .getLong(0);
            pause(count);
        }
        assertThat("impersonation audited for " + principal, count, equalTo(1L));
    }

    private static void pause(long found) {
        if (found == 0) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonPath(json).getMap("");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
