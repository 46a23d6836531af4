package dev.tollgate.audit;

import static dev.tollgate.audit.AuditFixtures.clientCredentials;
import static dev.tollgate.audit.AuditFixtures.count;
import static dev.tollgate.audit.AuditFixtures.metric;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit promise (docs/security.md "The audit promise"): no token leaves without its entry durable. */
@QuarkusTest
class DurableAuditTest {

    private static final String ISSUED =
            "select count(*) from audit_log where method = 'IssueToken'" + " and resource = ? and result = 'OK'";

    @Inject
    TestClock clock;

    private String resource;
    private Map<String, String> form;

    @BeforeEach
    void account() {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        JsonPath account = TestServiceAccounts.orgScoped(org, team);
        resource = "organizations/" + org + "/serviceAccounts/" + account.getString("uniqueId");
        form = clientCredentials(account.getString("email"), TestServiceAccounts.apiKey(account.getString("name")));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A load check as much as a test: 2,000 tokens at once, and every entry is in the table when they are. */
    @Test
    void tokensWhenTwoThousandConcurrentThenEveryEntryCommittedBeforeItsResponse() throws Exception {
        long start = System.nanoTime();
        List<HttpResponse<String>> answers = AuditFixtures.tokens(form, 2000, 64);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(
                List.of(200),
                answers.stream().map(HttpResponse::statusCode).distinct().toList());
        assertEquals(2000, count(ISSUED, resource));
        assertEquals(
                2000,
                count(
                        "select count(distinct details::jsonb->>'jti') from audit_log"
                                + " where method = 'IssueToken' and resource = ?",
                        resource));
        System.out.printf(
                "2000 tokens with durable audit in %d ms (%.0f tokens/s); %.0f INSERTs so far, %.1f rows"
                        + " each on average%n",
                millis,
                2000 * 1000.0 / millis,
                metric("tollgate_audit_batch_rows_count"),
                metric("tollgate_audit_batch_rows_sum") / metric("tollgate_audit_batch_rows_count"));
    }

    @Test
    void tokensWhenDatabaseConnectionsEndUnderLoadThenAnsweredOnesAuditedExactlyOnce() throws Exception {
        CompletableFuture<List<HttpResponse<String>>> load =
                CompletableFuture.supplyAsync(() -> AuditFixtures.tokens(form, 1500, 32));
        for (int i = 0; i < 20 && !load.isDone(); i++) {
            AuditFixtures.endServerConnections();
            Thread.sleep(100);
        }
        List<HttpResponse<String>> answers = load.get(120, TimeUnit.SECONDS);

        // Cache loads elsewhere on the token path may answer a bare INTERNAL while connections end; the audit's own
        // failures are 503 temporarily_unavailable, and no answer carries more than an error code and a sentence.
        Set<Integer> statuses = answers.stream().map(HttpResponse::statusCode).collect(Collectors.toSet());
        assertThat(
                "tokens, 503s and bare 500s only: " + statuses,
                Set.of(200, 500, 503).containsAll(statuses));
        answers.stream()
                .filter(answer -> answer.statusCode() == 503)
                .forEach(answer -> assertThat(
                        answer.body(),
                        JsonPath.from(answer.body()).getString("error"),
                        equalTo("temporarily_unavailable")));
        answers.stream()
                .filter(answer -> answer.statusCode() == 500)
                .forEach(answer -> assertThat(
                        answer.body(),
                        JsonPath.from(answer.body()).getString("error.message"),
                        equalTo("Internal error.")));
        List<String> answered = answers.stream()
                .filter(answer -> answer.statusCode() == 200)
                .map(AuditFixtures::jti)
                .toList();
        Set<String> audited = auditedJtis();
        assertThat("every answered token audited", audited.containsAll(answered));
        assertEquals(count(ISSUED, resource), audited.size(), "no entry written twice");
        System.out.printf(
                "connections ended under load: %d tokens answered, %d refused with 503, %d with 500%n",
                answered.size(),
                answers.stream().filter(answer -> answer.statusCode() == 503).count(),
                answers.stream().filter(answer -> answer.statusCode() == 500).count());

        assertTokenAudited();
    }

    @Test
    void tokenWhenAuditTableUnwritableThenTemporarilyUnavailableAndNotReadyUntilItRecovers() throws Exception {
        double failed = metric("tollgate_audit_failed_total");
        try (Connection sql = AuditFixtures.sql();
                var statement = sql.createStatement()) {
            statement.execute("ALTER TABLE audit_log RENAME TO audit_log_offline");
            try {
                AuditFixtures.token(form)
                        .thenAccept(answer -> {
                            assertEquals(503, answer.statusCode(), answer.body());
                            assertEquals(
                                    "1",
                                    answer.headers().firstValue("Retry-After").orElse(""));
                            assertEquals(
                                    Set.of("error", "error_description"),
                                    JsonPath.from(answer.body()).getMap("").keySet());
                            assertEquals(
                                    "temporarily_unavailable",
                                    JsonPath.from(answer.body()).getString("error"));
                        })
                        .get(30, TimeUnit.SECONDS);
                assertThat(metric("tollgate_audit_failed_total"), greaterThan(failed));

                clock.advance(Duration.ofSeconds(11));
                given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body("checks.find { it.name == 'audit' }.status", equalTo("DOWN"));
            } finally {
                statement.execute("ALTER TABLE audit_log_offline RENAME TO audit_log");
            }
        }
        awaitReady();
        assertTokenAudited();
    }

    private void assertTokenAudited() throws Exception {
        HttpResponse<String> answer = AuditFixtures.token(form).get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, count(ISSUED + " and details::jsonb->>'jti' = ?", resource, AuditFixtures.jti(answer)));
    }

    /** The writer probes the database every second while failing; readiness returns without any request. */
    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("audit"))
                .body("checks.status", not(hasItem("DOWN")));
    }

    private Set<String> auditedJtis() throws Exception {
        Set<String> jtis = new HashSet<>();
        try (Connection sql = AuditFixtures.sql();
                var statement = sql.prepareStatement("select details::jsonb->>'jti' from audit_log"
                        + " where method = 'IssueToken' and resource = ? and result = 'OK'")) {
            statement.setString(1, resource);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    jtis.add(rows.getString(1));
                }
            }
        }
        return jtis;
    }
}
