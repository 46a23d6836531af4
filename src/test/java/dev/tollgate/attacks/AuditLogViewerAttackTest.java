package dev.tollgate.attacks;

import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Threat: someone given {@code roles/viewer} to browse resources reads the audit logs, which docs/api.md "Audit log"
 * keeps to {@code roles/logging.viewer} and {@code roles/admin} (they show who did what, from which address).
 */
@QuarkusTest
class AuditLogViewerAttackTest {

    @Test
    void auditLogsWhenViewerThenPermissionDenied() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        String viewer = Api.uniqueId("viewer") + "@example.com";
        Api.bind("organizations/" + org, "roles/viewer", "user:" + viewer);

        Api.as(viewer).get("/v1/teams/" + team).then().statusCode(200);
        Api.as(viewer)
                .get("/v1/organizations/" + org + "/auditLogs")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
        Api.as(viewer).get("/v1/teams/" + team + "/auditLogs").then().statusCode(403);
    }

    @Test
    void auditLogsWhenLoggingViewerThenListed() {
        String org = Api.createOrganization();
        String reader = Api.uniqueId("auditor") + "@example.com";
        Api.bind("organizations/" + org, "roles/logging.viewer", "user:" + reader);
        Api.as(reader).get("/v1/organizations/" + org + "/auditLogs").then().statusCode(200);
    }
}
