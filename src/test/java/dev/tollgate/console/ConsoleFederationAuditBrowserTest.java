package dev.tollgate.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Federation (pool, provider, Test exchange), the audit log of what the test did, signing keys and policies. */
@QuarkusTest
class ConsoleFederationAuditBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TollgateConfig config;

    @Test
    void testExchangeWhenGoodAndBadTokenThenEveryCheckShownAndAuditListsTheChanges() throws Exception {
        String team = Api.createTeam("default");
        String project = Api.createProject(team, "TEAM");
        String pool = Api.uniqueId("pool").replace("pool-", "cp");
        String provider = "prov-" + pool.substring(2);
        TestIssuer issuer = TestIdentityProviders.issuer("console-ci");
        try (Browser browser = Browser.open(base.toString())) {
            browser.signIn(Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                    .trim());

            browser.get("/console/projects/" + project + "/federation");
            browser.type("#poolId", pool);
            browser.type("#poolName", "CI");
            browser.press("Create pool");
            assertThat(browser.flash(), containsString("Created pool " + pool));
            browser.find("a[href$='/federation/" + pool + "']").click();

            browser.type("#providerId", provider);
            browser.type("#issuerUri", issuer.url());
            browser.type("#allowedAudiences", "console-test");
            browser.type("#attributeMapping", "google.subject=assertion.sub\nattribute.repo=assertion.repo");
            browser.type("#attributeCondition", "assertion.repo ==");
            browser.press("Create provider");
            // A CEL error is shown in the page with its field and position, and nothing is created.
            assertThat(browser.flash(), containsString("attributeCondition"));
            assertThat(browser.flash(), containsString("INVALID_ARGUMENT"));
            browser.screenshot("provider-cel-error", 1280);

            browser.type("#providerId", provider);
            browser.type("#issuerUri", issuer.url());
            browser.type("#allowedAudiences", "console-test");
            browser.type("#attributeMapping", "google.subject=assertion.sub\nattribute.repo=assertion.repo");
            browser.type("#attributeCondition", "assertion.repo == 'acme/app'");
            browser.press("Create provider");
            assertThat(browser.flash(), containsString("Created provider " + provider));
            browser.screenshot("pool", 1280);
            browser.find("a[href$='/providers/" + provider + "']").click();

            String good = issuer.token(claims ->
                    claims.subject("repo:acme/app").audience("console-test").claim("repo", "acme/app"));
            browser.type("#subjectToken", good);
            browser.press("Test exchange");
            assertThat(browser.find("#test-verdict").getText(), equalTo("Result: OK"));
            assertThat(browser.findAll("tr.check").size(), greaterThan(3));
            browser.screenshot("test-exchange", 1280);

            // The wrong audience is refused, with what the token presented and what the provider expects. (Reading
            // the verdict right after a click once showed the previous page's "Result: OK": press waits for the next.)
            String bad = issuer.token(claims ->
                    claims.subject("repo:acme/app").audience("someone-else").claim("repo", "acme/app"));
            browser.type("#subjectToken", bad);
            browser.press("Test exchange");
            assertThat(browser.find("#test-verdict").getText(), startsWith("Result: invalid_grant"));
            assertThat(
                    browser.find("tr.check.failed").getText(),
                    equalTo("audience FAIL aud [\"someone-else\"] one of [\"console-test\"]"));
            browser.screenshot("test-exchange-refused", 1280);

            browser.get("/console/projects/" + project + "/audit?principal="
                    + "serviceAccount:bootstrap-admin@default.org.tollgate.local");
            List<String> methods = browser.findAll("tr.entry td:nth-child(3)").stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(methods, hasItem("CreateWorkloadIdentityPool"));
            assertThat(methods, hasItem("CreateWorkloadIdentityPoolProvider"));
            browser.get("/console/projects/" + project + "/audit?method=CreateWorkloadIdentityPool");
            assertThat(browser.findAll("tr.entry").size(), equalTo(1));
            browser.screenshot("audit", 1280);

            browser.get("/console/signing-keys");
            assertThat(browser.findAll("svg.timeline rect").size(), greaterThan(0));
            assertThat(browser.source(), containsString("ACTIVE"));
            browser.screenshot("signing-keys", 1280);

            browser.get("/console/teams/" + team + "/policies");
            browser.find("#expiry option[value='24h']").click();
            browser.press("Save key expiry");
            assertThat(browser.flash(), containsString("24h"));
            browser.get("/console/projects/" + project + "/policies");
            assertThat(browser.source(), containsString("teams/" + team));
            assertThat(
                    browser.find("#expiry-h").findElement(By.xpath("..")).getText(),
                    containsString("Effective here: 24h, from teams/" + team));
            browser.screenshot("policies", 1280);
        }
        Api.asAdmin()
                .get("/v1/teams/" + team + "/settings/iam-serviceAccountKeyExpiry")
                .then()
                .statusCode(200)
                .body("value.stringValue", equalTo("24h"));
    }
}
