package dev.tollgate.federation;

import dev.tollgate.testing.Api;
import java.util.List;
import java.util.Map;

/** Pools and providers created over HTTP for federation tests, each in a fresh project. */
final class FederationApi {

    final String projectId;
    final String projectNumber;

    private FederationApi(String projectId, String projectNumber) {
        this.projectId = projectId;
        this.projectNumber = projectNumber;
    }

    private static FederationApi shared;

    /** One project shared by the federation tests (their pools are fresh), created on first use once the app is up. */
    static synchronized FederationApi sharedProject() {
        if (shared == null) {
            shared = freshProject();
        }
        return shared;
    }

    /** A service account created over HTTP; {@code resource} is what its IAM policy hangs on. */
    record Account(String email, String uniqueId, String resource) {
    }

    /** A fresh team-scoped service account in a fresh organization. */
    static Account createServiceAccount() {
        String team = Api.createTeam(Api.createOrganization());
        io.restassured.path.json.JsonPath created = Api.asAdmin()
                .body(Map.of("accountId", Api.uniqueId("sa"), "serviceAccount", Map.of("displayName", "deployer")))
                .post("/v1/teams/" + team + "/serviceAccounts").then().statusCode(200).extract().jsonPath();
        return new Account(created.getString("email"), created.getString("uniqueId"),
                "teams/" + team + "/serviceAccounts/" + created.getString("uniqueId"));
    }

    static FederationApi freshProject() {
        String project = Api.createProject(Api.createTeam(Api.createOrganization()), "TEAM");
        String number = Api.asAdmin().get("/v1/projects/" + project).then().statusCode(200)
                .extract().path("projectNumber");
        return new FederationApi(project, number);
    }

    String pools() {
        return "/v1/projects/" + projectId + "/locations/global/workloadIdentityPools";
    }

    String pool(String poolId) {
        return pools() + "/" + poolId;
    }

    String providers(String poolId) {
        return pool(poolId) + "/providers";
    }

    String provider(String poolId, String providerId) {
        return providers(poolId) + "/" + providerId;
    }

    /** {@code //iam.tollgate.local/projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{provider}} */
    String audience(String poolId, String providerId) {
        return "//iam.tollgate.local/projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + poolId
                + "/providers/" + providerId;
    }

    String createPool() {
        String id = poolId();
        Api.asAdmin().body(Map.of("displayName", "CI")).post(pools() + "?workloadIdentityPoolId=" + id)
                .then().statusCode(200);
        return id;
    }

    String createProvider(String poolId, Map<String, Object> body) {
        String id = poolId();
        Api.asAdmin().body(body).post(providers(poolId) + "?workloadIdentityPoolProviderId=" + id)
                .then().statusCode(200);
        return id;
    }

    /** 4–32 characters of [a-z0-9-], unique in the run. */
    static String poolId() {
        String id = Api.uniqueId("p").replaceAll("[^a-z0-9-]", "");
        return id.length() > 32 ? id.substring(id.length() - 32) : id;
    }

    static Map<String, Object> oidc(String issuerUri, List<String> audiences, Map<String, String> mapping,
            String condition) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("oidc", Map.of("issuerUri", issuerUri, "allowedAudiences", audiences));
        body.put("attributeMapping", mapping);
        if (condition != null) {
            body.put("attributeCondition", condition);
        }
        return body;
    }
}
