package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's Test exchange page: the verdict and every check's presented and expected values, as rendered. */
@QuarkusTest
class ConsoleTestExchangeTest {

    private static final Pattern VERDICT = Pattern.compile("id=\"test-verdict\">([^<]*)<");
    private static final Pattern CHECK = Pattern.compile(
            "<tr class=\"check(?: failed)?\"><td>([^<]*)</td><td class=\"[a-z]+\">([A-Z]+)</td><td><code>([^<]*)</code></td><td><code>([^<]*)</code></td></tr>");

    @Inject
    TollgateConfig config;

    private final TestIssuer issuer = TestIdentityProviders.issuer("console-dry-run");
    private String providerPath;
    private ConsoleSignIn.Session session;

    record Check(String name, String verdict, String presented, String expected) {}

    @BeforeEach
    void provider() throws Exception {
        String project = Api.createProject(Api.createTeam("default"), "TEAM");
        String pool = Api.uniqueId("dry").replaceAll("[^a-z0-9-]", "");
        String pools = "/v1/projects/" + project + "/locations/global/workloadIdentityPools";
        Api.asAdmin()
                .body(Map.of("displayName", "CI"))
                .post(pools + "?workloadIdentityPoolId=" + pool)
                .then()
                .statusCode(200);
        Api.asAdmin()
                .body(Map.of(
                        "oidc",
                        Map.of("issuerUri", issuer.url(), "allowedAudiences", List.of("console-test")),
                        "attributeMapping",
                        Map.of("google.subject", "assertion.sub"),
                        "attributeCondition",
                        "assertion.repo == 'acme/app'"))
                .post(pools + "/" + pool + "/providers?workloadIdentityPoolProviderId=github")
                .then()
                .statusCode(200);
        providerPath = "/console/projects/" + project + "/federation/" + pool + "/providers/github";
        session = ConsoleSignIn.signIn(Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                .trim());
    }

    private String testExchange(String token) {
        return given().cookie(ConsoleContext.PLAIN_COOKIE, session.cookie())
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("csrf", session.csrf())
                .formParam("subjectToken", token)
                .post(providerPath + "/test")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String verdict(String page) {
        Matcher matcher = VERDICT.matcher(page);
        assertThat("a verdict in " + page, matcher.find(), equalTo(true));
        return matcher.group(1);
    }

    private static List<Check> checks(String page) {
        List<Check> checks = new ArrayList<>();
        Matcher matcher = CHECK.matcher(page);
        while (matcher.find()) {
            checks.add(new Check(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)));
        }
        return checks;
    }

    @Test
    void testExchangeWhenGoodTokenThenOkAndEveryCheckPasses() {
        String page = testExchange(issuer.token(claims ->
                claims.subject("repo:acme/app").audience("console-test").claim("repo", "acme/app")));
        assertThat(verdict(page), equalTo("Result: OK"));
        assertThat(
                checks(page).stream()
                        .filter(check -> !check.verdict().equals("PASS"))
                        .toList(),
                empty());
    }

    @Test
    void testExchangeWhenAudienceWrongThenRefusedWithPresentedAndExpected() {
        String page = testExchange(issuer.token(claims ->
                claims.subject("repo:acme/app").audience("someone-else").claim("repo", "acme/app")));
        assertThat(verdict(page), not(containsString("OK")));
        assertThat(verdict(page), containsString("invalid_grant"));
        List<Check> checks = checks(page);
        assertThat(
                checks,
                hasItem(new Check(
                        "audience", "FAIL", "aud [&quot;someone-else&quot;]", "one of [&quot;console-test&quot;]")));
        everyFailureShowsPresentedAndExpected(checks);
    }

    @Test
    void testExchangeWhenConditionFalseThenRefusedWithPresentedAndExpected() {
        String page = testExchange(issuer.token(claims ->
                claims.subject("repo:evil/app").audience("console-test").claim("repo", "evil/app")));
        assertThat(verdict(page), containsString("unauthorized_client"));
        List<Check> checks = checks(page);
        assertThat(
                checks,
                hasItem(new Check("condition", "FAIL", "false", "&quot;assertion.repo == &#39;acme/app&#39;&quot;")));
        everyFailureShowsPresentedAndExpected(checks);
    }

    @Test
    void testExchangeWhenNotAJwtThenFormatFailureShown() {
        String page = testExchange("not-a-token");
        assertThat(verdict(page), containsString("invalid_grant"));
        List<Check> checks = checks(page);
        assertThat(checks.get(0).name(), equalTo("format"));
        everyFailureShowsPresentedAndExpected(checks);
    }

    private static void everyFailureShowsPresentedAndExpected(List<Check> checks) {
        assertThat(
                checks.stream()
                        .filter(check -> check.verdict().equals("FAIL"))
                        .filter(check ->
                                check.presented().isBlank() || check.expected().isBlank())
                        .toList(),
                empty());
        assertThat(
                checks.stream().filter(check -> check.verdict().equals("FAIL")).toList(), not(empty()));
    }
}
