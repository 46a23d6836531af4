package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a service account's token is attributed ({@code act}) to a human of the organization who is not in the team
 * the token writes to, putting that person's name on another team's work. Attribution is only for members of the
 * entity team.
 */
@QuarkusTest
class AttributionAttackTest {

    private String org;
    private String team;
    private String email;
    private String apiKey;

    @BeforeEach
    void setUp() {
        org = Api.createOrganization();
        team = Api.createTeam(org);
        JsonPath account = TestServiceAccounts.orgScoped(org, team);
        email = account.getString("email");
        apiKey = TestServiceAccounts.apiKey(account.getString("name"));
    }

    @Test
    void tokenWhenAttributedToOrganizationMemberOutsideTeamThenInvalidRequest() {
        String orgMember = Api.uniqueId("cfo") + "@example.com";
        Api.bind("organizations/" + org, "roles/member", "user:" + orgMember);
        attributed(orgMember)
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString(team))
                .body("access_token", nullValue());
    }

    @Test
    void tokenWhenAttributedToOrganizationAdminOutsideTeamThenInvalidRequest() {
        String orgAdmin = Api.uniqueId("boss") + "@example.com";
        Api.bind("organizations/" + org, "roles/admin", "user:" + orgAdmin);
        attributed(orgAdmin).statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenWhenAttributedToMemberOfAnotherTeamThenInvalidRequest() {
        String other = Api.createTeam(org);
        String outsider = Api.uniqueId("dev") + "@example.com";
        Api.bind("teams/" + other, "roles/member", "user:" + outsider);
        attributed(outsider).statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenWhenAttributedToEntityTeamMemberThenIssued() {
        String member = Api.uniqueId("dev") + "@example.com";
        Api.bind("teams/" + team, "roles/member", "user:" + member);
        attributed(member).statusCode(200);
    }

    private ValidatableResponse attributed(String user) {
        return given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", email)
                .formParam("client_secret", apiKey)
                .formParam("username", user)
                .post("/oauth2/token")
                .then();
    }
}
