package dev.tollgate.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrgSettingTest {

    private static final String SETTING = "/settings/iam-serviceAccountKeyExpiry";

    @Inject
    OrgPolicies orgPolicies;

    @Test
    void keyExpiryWhenSetOnOrgAndTeamThenNearestAncestorWins() {
        OrgPolicyTest.Tree tree = OrgPolicyTest.Tree.create();
        patch(tree.org(), "720h")
                .statusCode(200)
                .body("name", equalTo(tree.org() + SETTING))
                .body("value.stringValue", equalTo("720h"));
        patch(tree.team(), "24h").statusCode(200);

        effective(tree.project()).body("value.stringValue", equalTo("24h"));
        effective(tree.otherTeamProject()).body("value.stringValue", equalTo("720h"));
        Api.asAdmin()
                .get("/v1/" + tree.project() + SETTING)
                .then()
                .statusCode(200)
                .body("name", equalTo(tree.project() + SETTING))
                .body("value", nullValue());
        assertEquals(Optional.of(Duration.ofHours(24)), keyExpiry(tree.project()));
        assertEquals(Optional.of(Duration.ofHours(720)), keyExpiry(tree.otherTeamProject()));
    }

    @Test
    void keyExpiryWhenPatchedEmptyThenClearedAndParentApplies() {
        OrgPolicyTest.Tree tree = OrgPolicyTest.Tree.create();
        patch(tree.org(), "168h").statusCode(200);
        patch(tree.team(), "1h").statusCode(200);
        assertEquals(Optional.of(Duration.ofHours(1)), keyExpiry(tree.project()));

        Api.asAdmin()
                .body(Map.of("value", Map.of()))
                .patch("/v1/" + tree.team() + SETTING)
                .then()
                .statusCode(200)
                .body("value", nullValue());
        Api.asAdmin().get("/v1/" + tree.team() + SETTING).then().statusCode(200).body("value", nullValue());
        assertEquals(Optional.of(Duration.ofHours(168)), keyExpiry(tree.project()));

        Api.asAdmin().body("{}").patch("/v1/" + tree.org() + SETTING).then().statusCode(200);
        assertEquals(Optional.empty(), keyExpiry(tree.project()));
        effective(tree.project()).body("value", nullValue());
    }

    @Test
    void keyExpiryWhenValueNotAllowedThenInvalidArgumentListingAllowedOnes() {
        String org = "organizations/" + Api.createOrganization();
        patch(org, "48h")
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("2160h"));
        patch(org, "24").statusCode(400);
        Api.asAdmin()
                .body("{\"value\":")
                .patch("/v1/" + org + SETTING)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.asAdmin().patch("/v1/" + org + SETTING).then().statusCode(400);
        Api.asAdmin().get("/v1/" + org + SETTING).then().statusCode(200).body("value", nullValue());
    }

    @Test
    void settingWhenUnknownThenInvalidArgument() {
        String org = "organizations/" + Api.createOrganization();
        Api.asAdmin()
                .get("/v1/" + org + "/settings/iam-somethingElse")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void keyExpiryWhenCallerLacksPermissionThenPermissionDeniedAndUnauthenticatedThen401() {
        String org = "organizations/" + Api.createOrganization();
        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind(org, "roles/viewer", "user:" + viewer);
        Api.as(viewer)
                .body(value("24h"))
                .patch("/v1/" + org + SETTING)
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(viewer).get("/v1/" + org + SETTING).then().statusCode(200);
        Api.as(Api.uniqueId("stranger") + "@example.com")
                .get("/v1/" + org + SETTING)
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(value("24h"))
                .patch("/v1/" + org + SETTING)
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void keyExpiryWhenChangedThenAudited() {
        String org = Api.createOrganization();
        patch("organizations/" + org, "8h").statusCode(200);
        Api.asAdmin()
                .queryParam("filter", "method=\"UpdateSetting\"")
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(200)
                .body("entries.resource", hasItem("organizations/" + org + SETTING));
    }

    private static ValidatableResponse patch(String resource, String value) {
        return Api.asAdmin()
                .body(value(value))
                .patch("/v1/" + resource + SETTING)
                .then();
    }

    private static ValidatableResponse effective(String resource) {
        return Api.asAdmin()
                .get("/v1/" + resource + SETTING + ":getEffectiveValue")
                .then()
                .statusCode(200)
                .body("name", equalTo(resource + SETTING));
    }

    private static Map<String, Object> value(String value) {
        return Map.of("value", Map.of("stringValue", value));
    }

    private Optional<Duration> keyExpiry(String resource) {
        return OrgPolicyTest.awaitOnVertx(() -> orgPolicies.keyExpiry(resource));
    }
}
