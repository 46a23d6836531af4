package dev.tollgate.federation;

import dev.tollgate.testing.Api;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pools and providers created over HTTP for federation tests, each in a fresh project. */
public final class FederationApi {

    public final String projectId;
    public final String projectNumber;

    private FederationApi(String projectId, String projectNumber) {
        this.projectId = projectId;
        this.projectNumber = projectNumber;
    }

    private static FederationApi shared;

    /** One project shared by the federation tests (their pools are fresh), created on first use once the app is up. */
    public static synchronized FederationApi sharedProject() {
        if (shared == null) {
            shared = freshProject();
        }
        return shared;
    }

    /** A service account created over HTTP; {@code resource} is what its IAM policy hangs on. */
    public record Account(String email, String uniqueId, String resource) {}

    /** A fresh team-scoped service account in a fresh organization. */
    public static Account createServiceAccount() {
        String team = Api.createTeam(Api.createOrganization());
        JsonPath created = Api.asAdmin()
                .body(Map.of("accountId", Api.uniqueId("sa"), "serviceAccount", Map.of("displayName", "deployer")))
                .post("/v1/teams/" + team + "/serviceAccounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Account(
                created.getString("email"),
                created.getString("uniqueId"),
                "teams/" + team + "/serviceAccounts/" + created.getString("uniqueId"));
    }

    public static FederationApi freshProject() {
        String project = Api.createProject(Api.createTeam(Api.createOrganization()), "TEAM");
        String number = Api.asAdmin()
                .get("/v1/projects/" + project)
                .then()
                .statusCode(200)
                .extract()
                .path("projectNumber");
        return new FederationApi(project, number);
    }

    public String pools() {
        return "/v1/projects/" + projectId + "/locations/global/workloadIdentityPools";
    }

    public String pool(String poolId) {
        return pools() + "/" + poolId;
    }

    public String providers(String poolId) {
        return pool(poolId) + "/providers";
    }

    public String provider(String poolId, String providerId) {
        return providers(poolId) + "/" + providerId;
    }

    /** {@code //iam.tollgate.local/projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{provider}} */
    public String audience(String poolId, String providerId) {
        return "//iam.tollgate.local/projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + poolId
                + "/providers/" + providerId;
    }

    public String createPool() {
        String id = poolId();
        Api.asAdmin()
                .body(Map.of("displayName", "CI"))
                .post(pools() + "?workloadIdentityPoolId=" + id)
                .then()
                .statusCode(200);
        return id;
    }

    public String createProvider(String poolId, Map<String, Object> body) {
        String id = poolId();
        Api.asAdmin()
                .body(body)
                .post(providers(poolId) + "?workloadIdentityPoolProviderId=" + id)
                .then()
                .statusCode(200);
        return id;
    }

    /** An unauthenticated RFC 8693 exchange of {@code subjectToken} at {@code /v1/token}, as a workload sends it. */
    public static Response exchange(String audience, String subjectToken) {
        return RestAssured.given()
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("audience", audience)
                .formParam("scope", "https://www.googleapis.com/auth/cloud-platform")
                .formParam("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .formParam("subject_token", subjectToken)
                .post("/v1/token");
    }

    /** 4–32 characters of [a-z0-9-], unique in the run. */
    public static String poolId() {
        String id = Api.uniqueId("p").replaceAll("[^a-z0-9-]", "");
        return id.length() > 32 ? id.substring(id.length() - 32) : id;
    }

    public static Map<String, Object> oidc(
            String issuerUri, List<String> audiences, Map<String, String> mapping, String condition) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oidc", Map.of("issuerUri", issuerUri, "allowedAudiences", audiences));
        body.put("attributeMapping", mapping);
        if (condition != null) {
            body.put("attributeCondition", condition);
        }
        return body;
    }
}
