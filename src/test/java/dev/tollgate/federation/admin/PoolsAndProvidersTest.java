package dev.tollgate.federation.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PoolsAndProvidersTest {

    private static final Map<String, String> MAPPING =
            Map.of("google.subject", "assertion.sub", "attribute.repository", "assertion.repository");

    /** One project for the class (pools are fresh per test), created on first use once the app is up. */
    private static FederationApi shared;

    private FederationApi api;
    private final String issuer = TestIdentityProviders.issuer("github").url();

    @BeforeEach
    void freshProject() {
        if (shared == null) {
            shared = FederationApi.freshProject();
        }
        api = shared;
    }

    @Test
    void poolCrudWithSoftDeleteAndUndelete() {
        String pool = FederationApi.poolId();
        String name = "projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool;
        Api.asAdmin()
                .body(Map.of("displayName", "CI pool", "description", "GitHub"))
                .post(api.pools() + "?workloadIdentityPoolId=" + pool)
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("state", equalTo("ACTIVE"))
                .body("disabled", equalTo(false));

        Api.asAdmin()
                .get("/v1/projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool)
                .then()
                .statusCode(200)
                .body("displayName", equalTo("CI pool"));
        Api.asAdmin()
                .get(api.pools() + "?pageSize=100")
                .then()
                .statusCode(200)
                .body("workloadIdentityPools.name", hasItem(name));
        Api.asAdmin()
                .body(Map.of("displayName", "Renamed", "description", "ignored"))
                .patch(api.pool(pool) + "?updateMask=displayName")
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Renamed"))
                .body("description", equalTo("GitHub"));

        Api.asAdmin()
                .delete(api.pool(pool))
                .then()
                .statusCode(200)
                .body("state", equalTo("DELETED"))
                .body("expireTime", notNullValue());
        Api.asAdmin()
                .get(api.pools() + "?pageSize=100")
                .then()
                .statusCode(200)
                .body("workloadIdentityPools.name", not(hasItem(name)));
        Api.asAdmin()
                .get(api.pools() + "?showDeleted=true&pageSize=100")
                .then()
                .statusCode(200)
                .body("workloadIdentityPools.name", hasItem(name));
        Api.asAdmin()
                .body(Map.of("displayName", "x"))
                .patch(api.pool(pool))
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
        Api.asAdmin()
                .post(api.pool(pool) + ":undelete")
                .then()
                .statusCode(200)
                .body("state", equalTo("ACTIVE"))
                .body("expireTime", nullValue());
        Api.asAdmin()
                .post(api.pool(pool) + ":undelete")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
    }

    @Test
    void poolWhenDisabledThroughPatchThenShownDisabled() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(Map.of("disabled", true))
                .patch(api.pool(pool) + "?updateMask=disabled")
                .then()
                .statusCode(200)
                .body("disabled", equalTo(true));
        Api.asAdmin().get(api.pool(pool)).then().statusCode(200).body("disabled", equalTo(true));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"abc", "Upper-case", "with_underscore", "gcp-reserved", "a-very-long-pool-id-of-33-chars-x"})
    void createPoolWhenIdInvalidThenInvalidArgument(String id) {
        Api.asAdmin()
                .body(Map.of())
                .post(api.pools() + "?workloadIdentityPoolId=" + id)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createPoolWhenIdMissingThenInvalidArgument() {
        Api.asAdmin()
                .body(Map.of())
                .post(api.pools())
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createPoolWhenIdTakenThenAlreadyExists() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(Map.of())
                .post(api.pools() + "?workloadIdentityPoolId=" + pool)
                .then()
                .statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"));
    }

    @Test
    void createPoolWhenDisplayNameTooLongThenInvalidArgument() {
        Api.asAdmin()
                .body(Map.of("displayName", "x".repeat(33)))
                .post(api.pools() + "?workloadIdentityPoolId=" + FederationApi.poolId())
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void getPoolWhenUnknownThenNotFound() {
        Api.asAdmin().get(api.pool("no-such-pool")).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .get("/v1/projects/999999999999/locations/global/workloadIdentityPools/x-pool")
                .then()
                .statusCode(404);
    }

    @Test
    void poolsWhenNoCredentialThenUnauthenticated() {
        given().contentType(ContentType.JSON)
                .get(api.pools())
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
        given().auth()
                .oauth2("forged.token.value")
                .contentType(ContentType.JSON)
                .get(api.pools())
                .then()
                .statusCode(401);
    }

    @Test
    void poolsWhenCallerHasNoRoleThenPermissionDenied() {
        String pool = api.createPool();
        String stranger = Api.uniqueId("stranger") + "@example.com";
        Api.as(stranger)
                .body(Map.of())
                .post(api.pools() + "?workloadIdentityPoolId=" + FederationApi.poolId())
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(stranger).get(api.pool(pool)).then().statusCode(403);
        Api.as(stranger).delete(api.pool(pool)).then().statusCode(403);
    }

    @Test
    void poolWhenViewerOnProjectThenReadsButCannotChange() {
        String pool = api.createPool();
        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind("projects/" + api.projectId, "roles/viewer", "user:" + viewer);
        Api.as(viewer).get(api.pool(pool)).then().statusCode(200);
        Api.as(viewer).get(api.pools()).then().statusCode(200);
        Api.as(viewer)
                .body(Map.of("disabled", true))
                .patch(api.pool(pool))
                .then()
                .statusCode(403)
                .body("error.message", containsString("iam.workloadIdentityPools.update"));
    }

    @Test
    void poolAdminBoundOnPoolThenManagesItsProvidersButNotOtherPools() {
        String pool = api.createPool();
        String other = api.createPool();
        String admin = Api.uniqueId("pooladmin") + "@example.com";
        Api.bind(
                "projects/" + api.projectId + "/locations/global/workloadIdentityPools/" + pool,
                "roles/iam.workloadIdentityPoolAdmin",
                "user:" + admin);
        Api.as(admin)
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=gh-actions")
                .then()
                .statusCode(200);
        Api.as(admin)
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, null))
                .post(api.providers(other) + "?workloadIdentityPoolProviderId=gh-actions")
                .then()
                .statusCode(403);
    }

    @Test
    void setIamPolicyOnPoolAcceptsFederatedPrincipals() {
        String pool = api.createPool();
        String base =
                "iam.tollgate.local/projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool;
        List<String> members = List.of(
                "principal://" + base + "/subject/repo:octo-org/octo-repo:ref:refs/heads/main",
                "principalSet://" + base + "/group/admins",
                "principalSet://" + base + "/attribute.repository/octo-org/r",
                "principalSet://" + base + "/*");
        String etag = Api.asAdmin()
                .post(api.pool(pool) + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .path("etag");
        Api.asAdmin()
                .body(Map.of(
                        "policy",
                        Map.of("etag", etag, "bindings", List.of(Map.of("role", "roles/viewer", "members", members)))))
                .post(api.pool(pool) + ":setIamPolicy")
                .then()
                .statusCode(200)
                .body("bindings[0].members", equalTo(members));
        Api.asAdmin()
                .post(api.pool(pool) + ":getIamPolicy")
                .then()
                .statusCode(200)
                .body("bindings[0].members", equalTo(members));
    }

    @Test
    void setIamPolicyOnPoolWhenMemberMalformedThenInvalidArgument() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(Map.of(
                        "policy",
                        Map.of(
                                "bindings",
                                List.of(Map.of(
                                        "role",
                                        "roles/viewer",
                                        "members",
                                        List.of("principal://iam.tollgate.local/projects/x/pools/y"))))))
                .post(api.pool(pool) + ":setIamPolicy")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void testIamPermissionsOnPoolAnswersHeldSubset() {
        String pool = api.createPool();
        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind("projects/" + api.projectId, "roles/viewer", "user:" + viewer);
        Api.as(viewer)
                .body(Map.of(
                        "permissions", List.of("iam.workloadIdentityPools.get", "iam.workloadIdentityPools.delete")))
                .post(api.pool(pool) + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", equalTo(List.of("iam.workloadIdentityPools.get")));
    }

    @Test
    void providerCrudWithSoftDeleteAndUndelete() {
        String pool = api.createPool();
        String name = "projects/" + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool
                + "/providers/github";
        Api.asAdmin()
                .body(FederationApi.oidc(
                        issuer,
                        List.of("https://tollgate.example.com"),
                        MAPPING,
                        "assertion.repository_owner == 'octo-org'"))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("state", equalTo("ACTIVE"))
                .body("oidc.issuerUri", equalTo(issuer))
                .body("oidc.allowedAudiences", equalTo(List.of("https://tollgate.example.com")))
                .body("attributeMapping.'google.subject'", equalTo("assertion.sub"))
                .body("attributeCondition", equalTo("assertion.repository_owner == 'octo-org'"));
        Api.asAdmin()
                .get(api.providers(pool))
                .then()
                .statusCode(200)
                .body("workloadIdentityPoolProviders.name", hasItem(name));
        Api.asAdmin()
                .body(Map.of("attributeCondition", "assertion.ref == 'refs/heads/main'"))
                .patch(api.provider(pool, "github") + "?updateMask=attributeCondition")
                .then()
                .statusCode(200)
                .body("attributeCondition", equalTo("assertion.ref == 'refs/heads/main'"))
                .body("oidc.allowedAudiences", equalTo(List.of("https://tollgate.example.com")));
        Api.asAdmin()
                .body(Map.of("oidc", Map.of("allowedAudiences", List.of("a", "b"))))
                .patch(api.provider(pool, "github") + "?updateMask=oidc.allowedAudiences")
                .then()
                .statusCode(200)
                .body("oidc.allowedAudiences", equalTo(List.of("a", "b")))
                .body("oidc.issuerUri", equalTo(issuer));

        Api.asAdmin()
                .delete(api.provider(pool, "github"))
                .then()
                .statusCode(200)
                .body("state", equalTo("DELETED"));
        Api.asAdmin()
                .get(api.providers(pool))
                .then()
                .statusCode(200)
                .body("workloadIdentityPoolProviders.name", not(hasItem(name)));
        Api.asAdmin()
                .post(api.provider(pool, "github") + ":undelete")
                .then()
                .statusCode(200)
                .body("state", equalTo("ACTIVE"));
    }

    @Test
    void createProviderWhenMappingLacksSubjectThenInvalidArgumentNamingIt() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(FederationApi.oidc(
                        issuer, List.of(), Map.of("attribute.repository", "assertion.repository"), null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].fieldViolations[0].field", equalTo("attributeMapping[\"google.subject\"]"));
    }

    @Test
    void createProviderWhenConditionDoesNotCompileThenInvalidArgumentWithPosition() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, "assertion.sub == "))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].fieldViolations[0].field", equalTo("attributeCondition"))
                .body("error.message", containsString("line 1, column"));
    }

    @Test
    void createProviderWhenMappingDoesNotCompileThenInvalidArgumentNamingKey() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), Map.of("google.subject", "assertion.sub +"), null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.details[0].fieldViolations[0].field", equalTo("attributeMapping[\"google.subject\"]"))
                .body("error.message", containsString("column"));
    }

    @Test
    void createProviderWhenIssuerIsMetadataAddressThenInvalidArgument() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(FederationApi.oidc("https://169.254.169.254/", List.of(), MAPPING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("oidc.issuerUri"));
    }

    @Test
    void createProviderWhenTooManyAudiencesThenInvalidArgument() {
        String pool = api.createPool();
        List<String> audiences =
                IntStream.range(0, 11).mapToObj(i -> "aud-" + i).toList();
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, audiences, MAPPING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createProviderWhenJwksJsonIsNotJwksThenInvalidArgument() {
        String pool = api.createPool();
        Map<String, Object> body = FederationApi.oidc(issuer, List.of(), MAPPING, null);
        body.put("oidc", Map.of("issuerUri", issuer, "jwksJson", "{\"keys\":\"nope\"}"));
        Api.asAdmin()
                .body(body)
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createProviderWhenOidcMissingOrIdReservedThenInvalidArgument() {
        String pool = api.createPool();
        Api.asAdmin()
                .body(Map.of("attributeMapping", MAPPING))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=gcp-github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createProviderWhenPoolDeletedThenFailedPrecondition() {
        String pool = api.createPool();
        Api.asAdmin().delete(api.pool(pool)).then().statusCode(200);
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
    }

    @Test
    void patchProviderWhenMaskNamesUnknownFieldThenInvalidArgument() {
        String pool = api.createPool();
        String provider = api.createProvider(pool, FederationApi.oidc(issuer, List.of(), MAPPING, null));
        Api.asAdmin()
                .body(Map.of("displayName", "x"))
                .patch(api.provider(pool, provider) + "?updateMask=name")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body(Map.of("attributeMapping", Map.of("attribute.x", "assertion.x")))
                .patch(api.provider(pool, provider) + "?updateMask=attributeMapping")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void createProviderWhenIssuerNotAllowedByOrganizationPolicyThenFailedPrecondition() {
        FederationApi restricted = FederationApi.freshProject();
        String pool = restricted.createPool();
        Api.asAdmin()
                .body(Map.of(
                        "spec",
                        Map.of(
                                "rules",
                                List.of(Map.of(
                                        "values",
                                        Map.of(
                                                "allowedValues",
                                                List.of("https://token.actions.githubusercontent.com")))))))
                .put("/v1/projects/" + restricted.projectId + "/policies/iam.workloadIdentityPoolProviders")
                .then()
                .statusCode(200);
        Api.asAdmin()
                .body(FederationApi.oidc(issuer, List.of(), MAPPING, null))
                .post(restricted.providers(pool) + "?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("iam.workloadIdentityPoolProviders"))
                .body("error.message", containsString(issuer));
        String allowed = restricted.createProvider(
                pool, FederationApi.oidc("https://token.actions.githubusercontent.com", List.of(), MAPPING, null));
        Api.asAdmin()
                .body(Map.of("oidc", Map.of("issuerUri", issuer)))
                .patch(restricted.provider(pool, allowed) + "?updateMask=oidc.issuerUri")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
    }
}
