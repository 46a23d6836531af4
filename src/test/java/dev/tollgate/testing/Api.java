package dev.tollgate.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders for tests that drive Tollgate over HTTP as a user of the identity provider. */
public final class Api {

    public static final String ADMIN = "admin@example.com";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Api() {}

    /** A request as {@code email}, authenticated with a token of the test identity provider. */
    public static RequestSpecification as(String email) {
        return given().auth()
                .oauth2(TestIdentityProviders.users().userToken(email))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN);
    }

    /** A fresh id with {@code prefix}, unique within the test run. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    public static String createOrganization() {
        String id = uniqueId("org");
        asAdmin()
                .body(Map.of("orgId", id, "displayName", "Org " + id))
                .post("/v1/organizations")
                .then()
                .statusCode(200);
        return id;
    }

    public static String createTeam(String orgId) {
        String id = uniqueId("team");
        asAdmin()
                .body(Map.of("teamId", id, "parent", "organizations/" + orgId))
                .post("/v1/teams")
                .then()
                .statusCode(200);
        return id;
    }

    public static String createProject(String teamId, String visibility) {
        String id = uniqueId("proj");
        asAdmin()
                .body(Map.of("projectId", id, "parent", "teams/" + teamId, "visibility", visibility))
                .post("/v1/projects")
                .then()
                .statusCode(200);
        return id;
    }

    /** Adds a binding of {@code role} for {@code member} to {@code resource}'s policy, as the admin. */
    public static void bind(String resource, String role, String member) {
        Map<String, Object> policy = asAdmin()
                .post("/v1/" + resource + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bindings =
                new ArrayList<>((List<Map<String, Object>>) policy.getOrDefault("bindings", List.of()));
        bindings.add(Map.of("role", role, "members", List.of(member)));
        asAdmin()
                .body(Map.of("policy", Map.of("bindings", bindings, "etag", policy.get("etag"))))
                .post("/v1/" + resource + ":setIamPolicy")
                .then()
                .statusCode(200);
    }
}
