package dev.tollgate.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.OnVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrgPolicyTest {

    private static final String CREATE = Constraints.DISABLE_SERVICE_ACCOUNT_CREATION;
    private static final String LIFETIME = Constraints.ALLOW_SERVICE_ACCOUNT_CREDENTIAL_LIFETIME_EXTENSION;
    private static final String PROVIDERS = Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS;

    @Inject
    OrgPolicies orgPolicies;

    @Test
    void setGetListDeleteWhenValidThenRoundTrips() {
        String org = Api.createOrganization();
        String name = "organizations/" + org + "/policies/" + CREATE;
        put("organizations/" + org, CREATE, enforce(true))
                .statusCode(200)
                .body("name", equalTo(name))
                .body("spec.rules", hasSize(1))
                .body("spec.rules[0].enforce", equalTo(true))
                .body("etag", notNullValue())
                .body("updateTime", notNullValue());
        Api.asAdmin().get("/v1/" + name).then().statusCode(200).body("spec.rules[0].enforce", equalTo(true));
        Api.asAdmin()
                .get("/v1/organizations/" + org + "/policies")
                .then()
                .statusCode(200)
                .body("policies.name", contains(name));
        Api.asAdmin().delete("/v1/" + name).then().statusCode(200);
        Api.asAdmin().get("/v1/" + name).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin().delete("/v1/" + name).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
        Api.asAdmin()
                .get("/v1/organizations/" + org + "/policies")
                .then()
                .statusCode(200)
                .body("policies", hasSize(0));
    }

    @Test
    void effectiveWhenTeamResetsAndProjectReenforcesThenNearestWins() {
        Tree tree = Tree.create();
        put(tree.org(), CREATE, enforce(true)).statusCode(200);
        put(tree.team(), CREATE, Map.of("spec", Map.of("reset", true))).statusCode(200);
        put(tree.project(), CREATE, enforce(true)).statusCode(200);

        effectiveEnforce(tree.org(), CREATE, true);
        effectiveEnforce(tree.team(), CREATE, false);
        effectiveEnforce(tree.project(), CREATE, true);
        effectiveEnforce(tree.siblingProject(), CREATE, false);
        effectiveEnforce(tree.otherTeamProject(), CREATE, true);

        assertTrue(call(() -> orgPolicies.isEnforced(tree.project(), CREATE)));
        assertFalse(call(() -> orgPolicies.isEnforced(tree.siblingProject(), CREATE)));
        assertTrue(call(() -> orgPolicies.isEnforced(tree.otherTeamProject(), CREATE)));
        assertFalse(call(() -> orgPolicies.isEnforced(tree.project(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_UPLOAD)));
    }

    @Test
    void requireNotEnforcedWhenEnforcedAboveThenFailedPreconditionNamingConstraintAndSource() {
        Tree tree = Tree.create();
        put(tree.org(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_CREATION, enforce(true))
                .statusCode(200);

        ApiException refused = assertThrows(
                ApiException.class,
                () -> call(() -> orgPolicies.requireNotEnforced(
                        tree.project(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_CREATION)));
        assertEquals(RpcStatus.FAILED_PRECONDITION, refused.status());
        assertTrue(
                refused.getMessage().contains(Constraints.DISABLE_SERVICE_ACCOUNT_KEY_CREATION), refused.getMessage());
        assertTrue(refused.getMessage().contains(tree.org()), refused.getMessage());
        call(() -> orgPolicies.requireNotEnforced(tree.project(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_UPLOAD));
    }

    @Test
    void effectiveWhenChangedAfterBeingReadThenChangeSeenAtOnce() {
        Tree tree = Tree.create();
        assertFalse(call(() -> orgPolicies.isEnforced(tree.project(), CREATE)));
        put(tree.team(), CREATE, enforce(true)).statusCode(200);
        assertTrue(call(() -> orgPolicies.isEnforced(tree.project(), CREATE)));
        Api.asAdmin()
                .delete("/v1/" + tree.team() + "/policies/" + CREATE)
                .then()
                .statusCode(200);
        assertFalse(call(() -> orgPolicies.isEnforced(tree.project(), CREATE)));
    }

    @Test
    void effectiveWhenListInheritsThenMergedAndWhenNotThenReplaced() {
        Tree tree = Tree.create();
        String a = "https://a.example.com";
        String b = "https://b.example.com";
        String c = "http://c.example.com/realms/x";
        put(tree.org(), PROVIDERS, allowed(List.of(a), false)).statusCode(200);
        put(tree.team(), PROVIDERS, allowed(List.of(b), true))
                .statusCode(200)
                .body("spec.inheritFromParent", equalTo(true));
        put(tree.otherTeam(), PROVIDERS, allowed(List.of(c), false)).statusCode(200);

        effective(tree.project(), PROVIDERS).body("spec.rules[0].values.allowedValues", containsInAnyOrder(a, b));
        effective(tree.otherTeamProject(), PROVIDERS).body("spec.rules[0].values.allowedValues", contains(c));
        assertTrue(call(() -> orgPolicies.allows(tree.project(), PROVIDERS, a)));
        assertTrue(call(() -> orgPolicies.allows(tree.project(), PROVIDERS, b)));
        assertFalse(call(() -> orgPolicies.allows(tree.otherTeamProject(), PROVIDERS, a)));
        assertTrue(call(() -> orgPolicies.allows(tree.otherTeamProject(), PROVIDERS, c)));
    }

    @Test
    void effectiveWhenAllowAllBelowDenyAllThenSubtreeAllowsEverything() {
        Tree tree = Tree.create();
        String account = "nightly-eval@research.iam.tollgate.local";
        put(tree.org(), LIFETIME, Map.of("spec", Map.of("rules", List.of(Map.of("denyAll", true)))))
                .statusCode(200);
        put(tree.team(), LIFETIME, Map.of("spec", Map.of("rules", List.of(Map.of("allowAll", true)))))
                .statusCode(200);

        effective(tree.project(), LIFETIME).body("spec.rules[0].allowAll", equalTo(true));
        effective(tree.otherTeamProject(), LIFETIME).body("spec.rules[0].denyAll", equalTo(true));
        assertTrue(call(() -> orgPolicies.allows(tree.project(), LIFETIME, account)));
        ApiException refused = assertThrows(
                ApiException.class,
                () -> call(() -> orgPolicies.requireAllowed(tree.otherTeamProject(), LIFETIME, account)));
        assertEquals(RpcStatus.FAILED_PRECONDITION, refused.status());
        assertTrue(
                refused.getMessage().contains(LIFETIME) && refused.getMessage().contains(account));
    }

    @Test
    void effectiveWhenNoPolicyAnywhereThenConstraintDefault() {
        Tree tree = Tree.create();
        effective(tree.project(), PROVIDERS).body("spec.rules[0].allowAll", equalTo(true));
        effective(tree.project(), LIFETIME).body("spec.rules[0].denyAll", equalTo(true));
        effectiveEnforce(tree.project(), CREATE, false);
        assertTrue(call(() -> orgPolicies.allows(tree.project(), PROVIDERS, "https://anything.example.com")));
        assertFalse(call(() -> orgPolicies.allows(tree.project(), LIFETIME, "ci-runner@ml.team.tollgate.local")));
    }

    @Test
    void setWhenConstraintUnknownThenInvalidArgumentListingKnownOnes() {
        String org = "organizations/" + Api.createOrganization();
        put(org, "iam.noSuchConstraint", enforce(true))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString(Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS));
        Api.asAdmin()
                .get("/v1/" + org + "/policies/iam.noSuchConstraint:getEffectivePolicy")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void setWhenListValueOnBooleanConstraintThenInvalidArgumentAndNothingWritten() {
        String org = "organizations/" + Api.createOrganization();
        put(org, CREATE, allowed(List.of("https://a.example.com"), false))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        put(org, CREATE, Map.of("spec", Map.of("rules", List.of(Map.of("allowAll", true)))))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().get("/v1/" + org + "/policies/" + CREATE).then().statusCode(404);
    }

    @Test
    void setWhenEnforceOnListConstraintThenInvalidArgument() {
        String org = "organizations/" + Api.createOrganization();
        put(org, PROVIDERS, enforce(true)).statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void setWhenValueMalformedForConstraintThenInvalidArgument() {
        String org = "organizations/" + Api.createOrganization();
        put(org, LIFETIME, allowed(List.of("not-an-email"), false))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        put(org, LIFETIME, allowed(List.of("someone@example.com"), false)).statusCode(400);
        put(org, PROVIDERS, allowed(List.of("ftp://issuer.example.com"), false)).statusCode(400);
        put(org, PROVIDERS, allowed(List.of("https://user@issuer.example.com"), false))
                .statusCode(400);
        put(org, PROVIDERS, allowed(List.of(), false)).statusCode(400);
        put(
                        org,
                        PROVIDERS,
                        Map.of(
                                "spec",
                                Map.of(
                                        "rules",
                                        List.of(Map.of(
                                                "values", Map.of("deniedValues", List.of("https://x.example.com")))))))
                .statusCode(400);
        put(org, LIFETIME, allowed(List.of("ci-runner@ml-team.team.tollgate.local"), false))
                .statusCode(200);
    }

    @Test
    void setWhenBodyMalformedThenInvalidArgument() {
        String path = "/v1/organizations/" + Api.createOrganization() + "/policies/" + CREATE;
        Api.asAdmin()
                .body("{\"spec\":")
                .put(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().put(path).then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().body("{}").put(path).then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body("{\"spec\":{\"rules\":[{\"enforce\":\"maybe\"}]}}")
                .put(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body("{\"spec\":{\"rules\":[{\"enforce\":true}],\"reset\":true}}")
                .put(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body("{\"spec\":{\"rules\":[{\"enforce\":true,\"allowAll\":true}]}}")
                .put(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin()
                .body(Map.of(
                        "name",
                        "organizations/other/policies/" + CREATE,
                        "spec",
                        enforce(true).get("spec")))
                .put(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().get(path).then().statusCode(404);
    }

    @Test
    void setWhenEtagStaleThenAborted() {
        String org = "organizations/" + Api.createOrganization();
        String etag = put(org, CREATE, enforce(true)).statusCode(200).extract().path("etag");
        put(org, CREATE, Map.of("spec", enforce(false).get("spec"), "etag", etag))
                .statusCode(200);
        put(org, CREATE, Map.of("spec", enforce(true).get("spec"), "etag", etag))
                .statusCode(409)
                .body("error.status", equalTo("ABORTED"));
        Api.asAdmin().get("/v1/" + org + "/policies/" + CREATE).then().body("spec.rules[0].enforce", equalTo(false));
    }

    @Test
    void setWhenCallerLacksPermissionThenPermissionDeniedAndViewerMayOnlyRead() {
        String org = "organizations/" + Api.createOrganization();
        String path = "/v1/" + org + "/policies/" + CREATE;
        String stranger = Api.uniqueId("stranger") + "@example.com";
        Api.as(stranger)
                .body(enforce(true))
                .put(path)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(stranger).get(path + ":getEffectivePolicy").then().statusCode(403);

        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind(org, "roles/viewer", "user:" + viewer);
        Api.as(viewer)
                .body(enforce(true))
                .put(path)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(viewer).get(path + ":getEffectivePolicy").then().statusCode(200);
        Api.as(viewer).get("/v1/" + org + "/policies").then().statusCode(200);

        String policyAdmin = Api.uniqueId("policyadmin") + "@example.com";
        Api.bind(org, "roles/orgpolicy.policyAdmin", "user:" + policyAdmin);
        Api.as(policyAdmin).body(enforce(true)).put(path).then().statusCode(200);
        Api.as(viewer).delete(path).then().statusCode(403);
    }

    @Test
    void requestWhenUnauthenticatedOrForgedThenUnauthenticated() {
        String path = "/v1/organizations/" + Api.createOrganization() + "/policies/" + CREATE;
        given().contentType(ContentType.JSON)
                .body(enforce(true))
                .put(path)
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
        given().auth()
                .oauth2("forged.token.value")
                .get(path + ":getEffectivePolicy")
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void requestWhenResourceMissingThenNotFound() {
        Api.asAdmin()
                .get("/v1/teams/" + Api.uniqueId("ghost") + "/policies/" + CREATE + ":getEffectivePolicy")
                .then()
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        put("projects/" + Api.uniqueId("ghost"), CREATE, enforce(true)).statusCode(404);
    }

    @Test
    void changesWhenMadeThenAudited() {
        String org = Api.createOrganization();
        String team = "teams/" + Api.createTeam(org);
        String name = team + "/policies/" + CREATE;
        put(team, CREATE, enforce(true)).statusCode(200);
        Api.asAdmin().delete("/v1/" + name).then().statusCode(200);
        Api.asAdmin()
                .queryParam("filter", "resource=\"" + name + "\"")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries.method", containsInAnyOrder("SetOrgPolicy", "DeleteOrgPolicy"))
                .body("entries.principal", hasItem("user:" + Api.ADMIN));
    }

    private ValidatableResponse put(String resource, String constraint, Map<String, ?> body) {
        return Api.asAdmin()
                .body(body)
                .put("/v1/" + resource + "/policies/" + constraint)
                .then();
    }

    private static ValidatableResponse effective(String resource, String constraint) {
        return Api.asAdmin()
                .get("/v1/" + resource + "/policies/" + constraint + ":getEffectivePolicy")
                .then()
                .statusCode(200)
                .body("name", equalTo(resource + "/policies/" + constraint))
                .body("etag", nullValue());
    }

    private static void effectiveEnforce(String resource, String constraint, boolean enforced) {
        effective(resource, constraint).body("spec.rules[0].enforce", equalTo(enforced));
    }

    static Map<String, Object> enforce(boolean enforce) {
        return Map.of("spec", Map.of("rules", List.of(Map.of("enforce", enforce))));
    }

    private static Map<String, Object> allowed(List<String> values, boolean inherit) {
        return Map.of(
                "spec",
                Map.of(
                        "rules",
                        List.of(Map.of("values", Map.of("allowedValues", values))),
                        "inheritFromParent",
                        inherit));
    }

    private <T> T call(Supplier<Uni<T>> work) {
        return awaitOnVertx(work);
    }

    static <T> T awaitOnVertx(Supplier<Uni<T>> work) {
        try {
            return OnVertx.await(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** An organization with two teams; the first has two projects, the second one. */
    record Tree(
            String org, String team, String project, String siblingProject, String otherTeam, String otherTeamProject) {

        static Tree create() {
            String org = Api.createOrganization();
            String team = Api.createTeam(org);
            String otherTeam = Api.createTeam(org);
            return new Tree(
                    "organizations/" + org,
                    "teams/" + team,
                    "projects/" + Api.createProject(team, "TEAM"),
                    "projects/" + Api.createProject(team, "TEAM"),
                    "teams/" + otherTeam,
                    "projects/" + Api.createProject(otherTeam, "TEAM"));
        }
    }
}
