package dev.tollgate.federation.exchange;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.federation.Fixtures;
import dev.tollgate.support.OAuthException;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.OnVertx;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubjectTokenExchangeTest {

    private static final String OWNER_CONDITION = "assertion.repository_owner == 'octo-org'";

    @Inject
    SubjectTokenExchange exchanges;

    private final TestIssuer github = TestIdentityProviders.issuer("github");
    private final TestIssuer gitlab = TestIdentityProviders.issuer("gitlab");
    private final TestIssuer kubernetes = TestIdentityProviders.issuer("kubernetes");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshPool() {
        api = FederationApi.sharedProject();
        pool = api.createPool();
    }

    @Test
    void exchangeWhenGithubTokenThenPrincipalSetsAndAttributes() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        FederatedExchange exchange = exchange(provider, githubToken(api.audience(pool, provider)));

        String base =
                "iam.tollgate.local/projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool;
        assertEquals("principal://" + base + "/subject/repo:octo-org/octo-repo:environment:prod", exchange.principal());
        assertTrue(exchange.principalSets().contains("principalSet://" + base + "/*"));
        assertTrue(exchange.principalSets()
                .contains("principalSet://" + base + "/attribute.repository/octo-org/octo-repo"));
        assertEquals(exchange.principal(), exchange.caller().member());
        assertTrue(exchange.caller().principals().containsAll(exchange.principalSets()));
        assertEquals(api.audience(pool, provider), exchange.provider().fullName());
        assertEquals(
                "projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool + "/providers/"
                        + provider,
                exchange.provider().name());
        assertEquals("projects/" + api.projectId, exchange.provider().projectResource());
        assertTrue(exchange.subjectTokenExpiry().isPresent());
    }

    @Test
    void exchangeWhenAudienceHasHttpsPrefixThenAccepted() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String audience = "https:" + api.audience(pool, provider);
        FederatedExchange exchange = OnVertx.await(() -> exchanges.exchange(audience, githubToken(audience)));
        assertEquals(
                "repo:octo-org/octo-repo:environment:prod",
                exchange.attributes().subject());
    }

    @Test
    void exchangeWhenGitlabEs256TokenThenGroupsAndProjectPath() throws Throwable {
        String provider = api.createProvider(
                pool,
                FederationApi.oidc(
                        gitlab.url(),
                        List.of("https://vault.example.com"),
                        Map.of(
                                "google.subject",
                                "assertion.sub",
                                "google.groups",
                                "assertion.groups_direct",
                                "attribute.project_path",
                                "assertion.project_path"),
                        "assertion.namespace_path == 'my-group'"));
        String token = gitlab.sign("ES256", Map.of(), gitlab.fresh(Fixtures.claims(Fixtures.GITLAB)));

        FederatedExchange exchange = exchange(provider, token);
        assertEquals(List.of("mygroup/mysubgroup"), exchange.attributes().groups());
        assertTrue(exchange.principalSets().stream().anyMatch(set -> set.endsWith("/group/mygroup/mysubgroup")));
        assertTrue(exchange.principalSets().stream()
                .anyMatch(set -> set.endsWith("/attribute.project_path/my-group/my-project")));
    }

    @Test
    void exchangeWhenKubernetesTokenThenNestedNamespaceAttribute() throws Throwable {
        String provider = api.createProvider(
                pool,
                FederationApi.oidc(
                        kubernetes.url(),
                        List.of("https://kubernetes.default.svc"),
                        Map.of(
                                "google.subject",
                                "assertion.sub",
                                "attribute.namespace",
                                "assertion['kubernetes.io'].namespace",
                                "attribute.service_account",
                                "assertion['kubernetes.io'].serviceaccount.name"),
                        "attribute.namespace in ['kube-system', 'ml-serving']"));
        String token = kubernetes.sign("RS256", Map.of(), kubernetes.fresh(Fixtures.claims(Fixtures.KUBERNETES)));

        FederatedExchange exchange = exchange(provider, token);
        assertEquals(
                "system:serviceaccount:kube-system:coredns",
                exchange.attributes().subject());
        assertEquals(
                Map.of("namespace", "kube-system", "service_account", "coredns"),
                exchange.attributes().attributes());
    }

    @Test
    void exchangeWhenConditionFalseThenUnauthorizedClient() {
        String provider = githubProvider("assertion.repository_owner == 'someone-else'");
        OAuthException e = refused(provider, githubToken(api.audience(pool, provider)));
        assertEquals("unauthorized_client", e.error());
        assertTrue(e.description().contains("attribute condition"));
    }

    @Test
    void exchangeWhenTokenForOtherAudienceThenInvalidGrant() {
        String provider = githubProvider(OWNER_CONDITION);
        assertEquals(
                "invalid_grant",
                refused(provider, githubToken("https://elsewhere.example.com")).error());
    }

    @Test
    void exchangeWhenPoolDisabledThenInvalidTargetAtOnceAndBackWhenEnabled() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        exchange(provider, token);

        patchPool(Map.of("disabled", true));
        OAuthException e = refused(provider, token);
        assertEquals("invalid_target", e.error());
        assertTrue(e.description().contains("disabled"));

        patchPool(Map.of("disabled", false));
        exchange(provider, token);
    }

    @Test
    void exchangeWhenProviderDisabledThenInvalidTarget() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        exchange(provider, token);
        Api.asAdmin()
                .body(Map.of("disabled", true))
                .patch(api.provider(pool, provider) + "?updateMask=disabled")
                .then()
                .statusCode(200);
        assertEquals("invalid_target", refused(provider, token).error());
    }

    @Test
    void exchangeWhenProviderDeletedThenInvalidTargetUntilUndeleted() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        exchange(provider, token);
        Api.asAdmin().delete(api.provider(pool, provider)).then().statusCode(200);
        OAuthException e = refused(provider, token);
        assertEquals("invalid_target", e.error());
        assertTrue(e.description().contains("deleted"));
        Api.asAdmin().post(api.provider(pool, provider) + ":undelete").then().statusCode(200);
        exchange(provider, token);
    }

    @Test
    void exchangeWhenPoolDeletedThenInvalidTarget() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        exchange(provider, token);
        Api.asAdmin().delete(api.pool(pool)).then().statusCode(200);
        assertEquals("invalid_target", refused(provider, token).error());
    }

    @Test
    void exchangeWhenConditionChangedThenNewConditionAppliesAtOnce() throws Throwable {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        exchange(provider, token);
        Api.asAdmin()
                .body(Map.of("attributeCondition", "assertion.ref == 'refs/heads/release'"))
                .patch(api.provider(pool, provider) + "?updateMask=attributeCondition")
                .then()
                .statusCode(200);
        assertEquals("unauthorized_client", refused(provider, token).error());
    }

    @Test
    void exchangeWhenAudienceUnknownMalformedOrMissingThenOAuthErrors() {
        String token = githubToken("x");
        assertEquals(
                "invalid_target",
                refusedFor(api.audience(pool, "no-such-provider"), token).error());
        assertEquals(
                "invalid_target",
                refusedFor(
                                "//iam.tollgate.local/projects/999999999999/locations/global"
                                        + "/workloadIdentityPools/nopool/providers/noprov",
                                token)
                        .error());
        assertEquals(
                "invalid_target",
                refusedFor(
                                "//iam.googleapis.com/projects/" + api.projectNumber
                                        + "/locations/global/workloadIdentityPools/" + pool + "/providers/github",
                                token)
                        .error());
        assertEquals(
                "invalid_target",
                refusedFor("https://tollgate.example.com", token).error());
        assertEquals("invalid_request", refusedFor(null, token).error());
        assertEquals(
                "invalid_request",
                refusedFor(api.audience(pool, "anything"), " ").error());
    }

    @Test
    void testExchangeReportsEveryCheckMappingAndConditionWithoutTheToken() {
        String provider = githubProvider(OWNER_CONDITION);
        String token = githubToken(api.audience(pool, provider));
        String body = Api.asAdmin()
                .body(Map.of("subjectToken", token))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("OK"))
                .body("signatureVerified", equalTo(true))
                .body("checks.check", hasItem("signature"))
                .body("checks.check", hasItem("condition"))
                .body("checks.verdict", not(hasItem("FAIL")))
                .body("attributes.'google.subject'", equalTo("repo:octo-org/octo-repo:environment:prod"))
                .body("attributes.'attribute.repository'", equalTo("octo-org/octo-repo"))
                .body("principal", containsString("/subject/repo:octo-org/octo-repo:environment:prod"))
                .body("condition.result", equalTo(true))
                .extract()
                .asString();
        assertFalse(body.contains(token));
        assertFalse(body.contains(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void testExchangeWhenConditionFalseAndAudienceWrongThenEachFailureShown() {
        String provider = githubProvider("assertion.repository_owner == 'someone-else'");
        Api.asAdmin()
                .body(Map.of("subjectToken", githubToken("https://elsewhere.example.com")))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_grant"))
                .body("checks.find { it.check == 'audience' }.verdict", equalTo("FAIL"))
                .body("checks.find { it.check == 'audience' }.presented", containsString("elsewhere"))
                .body("condition.result", equalTo(false))
                .body("checks.find { it.check == 'condition' }.verdict", equalTo("FAIL"));
    }

    @Test
    void testExchangeWhenProviderDisabledThenInvalidTargetButChecksStillShown() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.asAdmin()
                .body(Map.of("disabled", true))
                .patch(api.provider(pool, provider) + "?updateMask=disabled")
                .then()
                .statusCode(200);
        Api.asAdmin()
                .body(Map.of("subjectToken", githubToken(api.audience(pool, provider))))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_target"))
                .body("errorDescription", containsString("disabled"))
                .body("checks.verdict", not(hasItem("FAIL")));
    }

    @Test
    void testExchangeWhenGarbageTokenThenFormatFailure() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.asAdmin()
                .body(Map.of("subjectToken", "not-a-jwt"))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_grant"))
                .body("checks[0].check", equalTo("format"))
                .body("attributes", nullValue());
        Api.asAdmin()
                .body(Map.of())
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void testExchangeWhenViewerOrAnonymousThenRefused() {
        String provider = githubProvider(OWNER_CONDITION);
        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind("projects/" + api.projectId, "roles/viewer", "user:" + viewer);
        Map<String, String> body = Map.of("subjectToken", githubToken(api.audience(pool, provider)));
        Api.as(viewer)
                .body(body)
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(403)
                .body("error.message", containsString("iam.workloadIdentityPoolProviders.update"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(401);
    }

    @Test
    void credentialConfigWithServiceAccountAndFileSource() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.asAdmin()
                .get(api.provider(pool, provider) + ":credentialConfig?serviceAccount=ci@ml.team.tollgate.local"
                        + "&credentialSource=file:/var/run/secrets/token")
                .then()
                .statusCode(200)
                .body("type", equalTo("external_account"))
                .body("audience", equalTo(api.audience(pool, provider)))
                .body("subject_token_type", equalTo("urn:ietf:params:oauth:token-type:jwt"))
                .body("token_url", equalTo("http://localhost:8080/v1/token"))
                .body(
                        "service_account_impersonation_url",
                        equalTo("http://localhost:8080/v1/projects/-/serviceAccounts/"
                                + "ci@ml.team.tollgate.local:generateAccessToken"))
                .body("credential_source.file", equalTo("/var/run/secrets/token"))
                .body("universe_domain", equalTo("universe.test"))
                .body("project_id", equalTo(api.projectId));
    }

    @Test
    void credentialConfigWithUrlSourceJsonFormatAndNoServiceAccount() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.asAdmin()
                .get(api.provider(pool, provider) + ":credentialConfig?credentialSource=url:http://169.254.1.1/token"
                        + "&credentialSourceFormat=json&credentialSourceFieldName=value")
                .then()
                .statusCode(200)
                .body("credential_source.url", equalTo("http://169.254.1.1/token"))
                .body("credential_source.format.type", equalTo("json"))
                .body("credential_source.format.subject_token_field_name", equalTo("value"))
                .body("service_account_impersonation_url", nullValue());
    }

    @Test
    void credentialConfigWhenSourceOrAccountInvalidThenInvalidArgument() {
        String provider = githubProvider(OWNER_CONDITION);
        String path = api.provider(pool, provider) + ":credentialConfig";
        Api.asAdmin().get(path).then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().get(path + "?credentialSource=ftp:/x").then().statusCode(400);
        Api.asAdmin()
                .get(path + "?credentialSource=file:/x&credentialSourceFormat=json")
                .then()
                .statusCode(400);
        Api.asAdmin()
                .get(path + "?credentialSource=file:/x&serviceAccount=not-an-email")
                .then()
                .statusCode(400);
        Api.asAdmin()
                .get(api.provider(pool, "no-such-provider") + ":credentialConfig?credentialSource=file:/x")
                .then()
                .statusCode(404);
    }

    @Test
    void credentialConfigWhenStrangerThenPermissionDenied() {
        String provider = githubProvider(OWNER_CONDITION);
        Api.as(Api.uniqueId("stranger") + "@example.com")
                .get(api.provider(pool, provider) + ":credentialConfig?credentialSource=file:/x")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
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
                                "attribute.repository",
                                "assertion.repository",
                                "attribute.repository_owner",
                                "assertion.repository_owner"),
                        condition));
    }

    private String githubToken(String audience) {
        Map<String, Object> claims = github.fresh(Fixtures.claims(Fixtures.GITHUB));
        claims.put("aud", audience);
        return github.sign("RS256", Map.of(), claims);
    }

    private void patchPool(Map<String, Object> patch) {
        Api.asAdmin()
                .body(patch)
                .patch(api.pool(pool) + "?updateMask=disabled")
                .then()
                .statusCode(200);
    }

    private FederatedExchange exchange(String provider, String token) throws Throwable {
        return OnVertx.await(() -> exchanges.exchange(api.audience(pool, provider), token));
    }

    private OAuthException refused(String provider, String token) {
        return refusedFor(api.audience(pool, provider), token);
    }

    private OAuthException refusedFor(String audience, String token) {
        return assertThrows(OAuthException.class, () -> OnVertx.await(() -> exchanges.exchange(audience, token)));
    }
}
