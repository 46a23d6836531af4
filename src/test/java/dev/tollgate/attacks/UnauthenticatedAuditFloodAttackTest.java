package dev.tollgate.attacks;

import static dev.tollgate.audit.AuditFixtures.clientCredentials;
import static dev.tollgate.audit.AuditFixtures.count;
import static dev.tollgate.audit.AuditFixtures.metric;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.audit.AuditFixtures;
import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Threat: callers with no credentials make the server write. Before, every refused token request wrote an audit row
 * and the audit buffer had no bound, so a flood of garbage requests cost one database write each and memory without
 * limit. Now refusals of unknown callers are counted and summarized, and refusals of known accounts share a bounded
 * half of the writer's queue, so they can neither fill the database nor crowd out issued tokens.
 */
@QuarkusTest
class UnauthenticatedAuditFloodAttackTest {

    @Inject
    RefusalSummary summary;

    @ConfigProperty(name = "tollgate.audit.queue-capacity")
    int queueCapacity;

    @Test
    void tokenWhenUnknownCallersFloodThenNoRowPerRefusalButCountedAndSummarized() throws Exception {
        summary.writeSummary().await().indefinitely();
        long rowsBefore = count("select count(*) from audit_log where method = 'IssueToken'");
        double unknownClients = metric("tollgate_refusals_total{caller=\"unknown\",reason=\"invalid_client\"}");
        List<Map<String, String>> garbage = List.of(
                clientCredentials("nobody-" + Api.uniqueId("x") + "@example.com", "tg_not-a-key"),
                Map.of("grant_type", "password", "username", "root"),
                Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", "a.b.c"),
                Map.of(
                        "grant_type",
                        "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token",
                        "tg_x",
                        "subject_token_type",
                        "urn:tollgate:params:oauth:token-type:api-key"));

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Map<String, String> form : garbage) {
            answers.addAll(AuditFixtures.tokens(form, 100, 16));
        }

        assertThat(
                answers.stream()
                        .filter(answer -> answer.statusCode() / 100 == 4)
                        .count(),
                greaterThanOrEqualTo(500L));
        assertEquals(
                rowsBefore,
                count("select count(*) from audit_log where method = 'IssueToken'"),
                "no audit row per refusal of an unknown caller");
        assertThat(
                metric("tollgate_refusals_total{caller=\"unknown\",reason=\"invalid_client\"}") - unknownClients,
                greaterThanOrEqualTo(100.0));

        summary.writeSummary().await().indefinitely();
        JsonPath written = AuditFixtures.lastRefusalSummary();
        assertEquals(500, written.getInt("total"));
        assertEquals(100, written.getInt("refusals.invalid_client"));
        assertEquals(100, written.getInt("refusals.unsupported_grant_type"));
        assertEquals(500, written.getInt("topSources[0].count"));
    }

    @Test
    void tokenWhenKnownAccountRefusalsFloodWhileDatabaseStallsThenQueueBoundedAndTokensStillIssued() throws Exception {
        String org = Api.createOrganization();
        JsonPath account = TestServiceAccounts.orgScoped(org, Api.createTeam(org));
        Map<String, String> wrongSecret = clientCredentials(account.getString("email"), "tg_wrong-secret");
        Map<String, String> rightSecret =
                clientCredentials(account.getString("email"), TestServiceAccounts.apiKey(account.getString("name")));
        double dropped = metric("tollgate_audit_dropped_total");
        int refusals = queueCapacity;
        List<CompletableFuture<HttpResponse<String>>> refused = new ArrayList<>();
        CompletableFuture<HttpResponse<String>> issued;

        try (Connection stall = AuditFixtures.sql();
                var statement = stall.createStatement()) {
            stall.setAutoCommit(false);
            statement.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
            for (int i = 0; i < refusals; i++) {
                refused.add(AuditFixtures.token(wrongSecret));
            }
            awaitDropped(dropped + refusals / 2.0 - 1);
            assertThat(
                    "half the queue for refusals, plus the entry being written",
                    metric("tollgate_audit_queued"),
                    lessThanOrEqualTo(queueCapacity / 2 + 1.0));
            issued = AuditFixtures.token(rightSecret);
            stall.rollback();
        }

        for (CompletableFuture<HttpResponse<String>> answer : refused) {
            assertEquals(401, answer.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, issued.get(30, TimeUnit.SECONDS).statusCode());
        assertThat(metric("tollgate_audit_dropped_total") - dropped, greaterThanOrEqualTo(refusals / 2.0 - 1));
    }

    private static void awaitDropped(double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (metric("tollgate_audit_dropped_total") < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
