package dev.tollgate.iam;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An organization never loses its last admin by the deletion or disabling of that admin's account (docs/api.md
 * "Allow policies"): the organization would have nobody left to change its policy.
 */
@QuarkusTest
class AdminLockoutTest {

    private String org;
    private String account;
    private String email;
    private String key;

    /** An organization whose only admin is one of its own service accounts (the creator stepped back). */
    @BeforeEach
    void organizationAdministeredByOneAccount() {
        org = Api.createOrganization();
        JsonPath created = TestServiceAccounts.orgScoped(org, Api.createTeam(org));
        account = created.getString("name");
        email = created.getString("email");
        key = TestServiceAccounts.apiKey(account);
        setAdmins(Api.asAdmin(), List.of("serviceAccount:" + email));
    }

    @Test
    void deleteWhenAccountIsTheOrganizationsOnlyAdminThenFailedPreconditionAndAccountKept() {
        TestServiceAccounts.withKey(key)
                .delete("/v1/" + account)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("only roles/admin member of organizations/" + org));

        TestServiceAccounts.withKey(key).get("/v1/" + account).then().statusCode(200);
    }

    @Test
    void disableWhenAccountIsTheOrganizationsOnlyAdminThenFailedPreconditionAndStillSignsIn() {
        TestServiceAccounts.withKey(key)
                .body(Map.of())
                .post("/v1/" + account + ":disable")
                .then()
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));

        TestServiceAccounts.withKey(key).get("/v1/" + account).then().body("disabled", equalTo(false));
    }

    @Test
    void deleteWhenAnotherAdminWasBoundFirstThenDeleted() {
        setAdmins(TestServiceAccounts.withKey(key), List.of("serviceAccount:" + email, "user:successor@example.com"));

        TestServiceAccounts.withKey(key).delete("/v1/" + account).then().statusCode(200);
    }

    private void setAdmins(io.restassured.specification.RequestSpecification as, List<String> admins) {
        String etag = as.post("/v1/organizations/" + org + ":getIamPolicy")
                .then()
                .statusCode(200)
                .extract()
                .path("etag");
        as.body(Map.of(
                        "policy",
                        Map.of("etag", etag, "bindings", List.of(Map.of("role", Roles.ADMIN, "members", admins)))))
                .post("/v1/organizations/" + org + ":setIamPolicy")
                .then()
                .statusCode(200);
    }
}
