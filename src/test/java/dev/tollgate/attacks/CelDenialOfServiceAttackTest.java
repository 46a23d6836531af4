package dev.tollgate.attacks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.federation.FederationApi;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a provider's CEL mapping or condition, or a token's claims, stall the server — a string-building mapping
 * held a thread for seconds per unauthenticated exchange and deeply nested claims overflowed the stack. Expressions
 * are bounded when saved (nesting, depth, length) and when run (steps, value sizes, a time budget, off the event
 * loop); claims are bounded in depth before anything evaluates them.
 */
@QuarkusTest
class CelDenialOfServiceAttackTest {

    /** Doubles the subject once per nested comprehension: 2^11 times the subject's length. */
    private static final String DOUBLING = doubling(12);
    /** Within the nesting limit, but builds a string far beyond the value-size limit. */
    private static final String STRING_BUILDING =
            "[assertion.sub].map(a, [" + repeated("a", 40) + "].map(b, " + repeated("b", 40) + "))[0][0]";
    /** Within the nesting limit, but a million iterations over a list the token carries. */
    private static final String CROSS_PRODUCT = "string(assertion.n.map(a, assertion.n.map(b, a * b)).size())";
    /** Unbounded, such an exchange held the server 3–6 s (12.5 s through :testExchange); 2 s leaves room for a busy CI. */
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    @Inject
    Pool database;

    private final TestIssuer issuer = TestIdentityProviders.issuer("cel-dos");
    private FederationApi api;
    private String pool;

    @BeforeEach
    void freshPool() {
        api = FederationApi.sharedProject();
        pool = api.createPool();
    }

    @Test
    void createProviderWhenNestedDoublingMappingThenInvalidArgumentSayingWhy() {
        Api.asAdmin()
                .body(provider(DOUBLING, null))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=" + FederationApi.poolId())
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].fieldViolations[0].field", equalTo("attributeMapping[\"google.subject\"]"))
                .body("error.details[0].fieldViolations[0].description", containsString("nested"));
        String deep = "(".repeat(200) + "assertion.sub" + ")".repeat(200);
        Api.asAdmin()
                .body(provider("assertion.sub", deep + " != ''"))
                .post(api.providers(pool) + "?workloadIdentityPoolProviderId=" + FederationApi.poolId())
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].fieldViolations[0].field", equalTo("attributeCondition"));
    }

    @Test
    void exchangeWhenDoublingMappingStoredBeforeLimitsThenRefusedQuicklyWithoutEchoingIt() {
        String provider = api.createProvider(pool, provider("assertion.sub", null));
        database.preparedQuery("update workload_identity_pool_providers set attribute_mapping = $1 where resource = $2")
                .execute(Tuple.of(
                        new JsonObject(Map.of("google.subject", DOUBLING)).encode(),
                        "projects/" + api.projectId + "/locations/global/workloadIdentityPools/" + pool + "/providers/"
                                + provider))
                .await()
                .atMost(Duration.ofSeconds(10));
        String audience = api.audience(pool, provider);

        Response refused = timed(audience, token(audience, "x".repeat(1000), List.of()));
        refused.then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"))
                .body("error_description", not(containsString("assertion.sub")));
    }

    @Test
    void exchangeWhenMappingBuildsHugeStringsThenRefusedWithinBudgetAndServerResponsive() {
        String provider = api.createProvider(pool, provider(STRING_BUILDING, null));
        String audience = api.audience(pool, provider);

        timed(audience, token(audience, "x".repeat(2000), List.of()))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("access_token", nullValue());
        Api.asAdmin()
                .body(Map.of("subjectToken", token(audience, "x".repeat(2000), List.of())))
                .post(api.provider(pool, provider) + ":testExchange")
                .then()
                .statusCode(200)
                .body("result", equalTo("invalid_grant"))
                .body("errorDescription", containsString("limit"));
        assertStillServing();
    }

    @Test
    void exchangeWhenConditionIteratesMillionsOfTimesThenRefusedWithinBudget() {
        String provider = api.createProvider(pool, provider("assertion.sub", CROSS_PRODUCT + " != ''"));
        String audience = api.audience(pool, provider);
        List<Integer> numbers = IntStream.range(0, 1000).boxed().toList();

        timed(audience, token(audience, "repo:ok", numbers))
                .then()
                .statusCode(400)
                .body("error", equalTo("unauthorized_client"))
                .body("access_token", nullValue());
        assertStillServing();
    }

    @Test
    void exchangeWhenClaimsNestedThousandsDeepThenInvalidGrantNotServerError() {
        String provider = api.createProvider(pool, provider("assertion.sub", null));
        String audience = api.audience(pool, provider);
        Object nested = List.of();
        for (int i = 0; i < 3000; i++) {
            nested = List.of(nested);
        }
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>(
                Map.of("iss", issuer.url(), "aud", audience, "sub", "repo:deep", "iat", now, "exp", now + 600));
        claims.put("deep", nested);

        timed(audience, issuer.sign("RS256", Map.of(), claims))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("nested"));
    }

    /** The exchange's answer, asserted to come back {@link #QUICKLY} (measured, not slept). */
    private static Response timed(String audience, String subjectToken) {
        long start = System.nanoTime();
        Response response = FederationApi.exchange(audience, subjectToken);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat("exchange answered in " + took.toMillis() + " ms", took, lessThan(QUICKLY));
        return response;
    }

    private void assertStillServing() {
        String provider = api.createProvider(pool, provider("assertion.sub", null));
        String audience = api.audience(pool, provider);
        timed(audience, token(audience, "repo:ok", List.of())).then().statusCode(200);
    }

    private String token(String audience, String subject, List<Integer> numbers) {
        long now = Instant.now().getEpochSecond();
        return issuer.sign(
                "RS256",
                Map.of(),
                Map.of(
                        "iss",
                        issuer.url(),
                        "aud",
                        audience,
                        "sub",
                        subject,
                        "n",
                        numbers,
                        "iat",
                        now,
                        "exp",
                        now + 600));
    }

    private Map<String, Object> provider(String subjectMapping, String condition) {
        return FederationApi.oidc(issuer.url(), List.of(), Map.of("google.subject", subjectMapping), condition);
    }

    /** {@code [assertion.sub].map(v0, [v0 + v0].map(v1, [v1 + v1].map(…)))[0][0]…}: each level doubles the string. */
    private static String doubling(int levels) {
        StringBuilder expression = new StringBuilder("[assertion.sub]");
        for (int i = 0; i < levels; i++) {
            String previous = i == 0 ? null : "v" + (i - 1);
            if (previous != null) {
                expression
                        .append("[")
                        .append(previous)
                        .append(" + ")
                        .append(previous)
                        .append("]");
            }
            expression.append(".map(v").append(i).append(", ");
        }
        expression.append("v").append(levels - 1).append(")".repeat(levels)).append("[0]".repeat(levels));
        return expression.toString();
    }

    private static String repeated(String variable, int times) {
        return String.join(" + ", Collections.nCopies(times, variable));
    }
}
