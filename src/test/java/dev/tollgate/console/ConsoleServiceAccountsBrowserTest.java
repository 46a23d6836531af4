package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The W&B flow in a real browser: sign in, teams and projects, New service account, Copy API key, token, disable. */
@QuarkusTest
class ConsoleServiceAccountsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TollgateConfig config;

    String bootstrapKey() throws Exception {
        return Files.readString(config.dataDir().resolve("bootstrap-admin.key")).trim();
    }

    @Test
    void consoleWhenSignedInWithBootstrapKeyThenServiceAccountKeyMintsTokensUntilDisabled() throws Exception {
        String team = Api.uniqueId("web-team");
        String project = Api.uniqueId("web-proj");
        String accountId = Api.uniqueId("org-ci");
        try (Browser browser = Browser.open(base.toString())) {
            browser.signIn(bootstrapKey());
            assertThat(browser.driver.getCurrentUrl(), containsString("/console/organizations/default"));
            browser.screenshot("dashboard-empty", 1280);

            browser.type("#teamId", team);
            browser.type("#teamName", "Web team");
            browser.press("Create team");
            assertThat(browser.flash(), containsString("Created team " + team));

            new Select(browser.find("#projectTeam")).selectByValue(team);
            browser.type("#projectId", project);
            browser.find("input[name=visibility][value=RESTRICTED]").click();
            browser.press("Create project");
            assertThat(browser.flash(), containsString("Created project " + project + " (RESTRICTED)"));
            browser.screenshot("dashboard", 1280);

            browser.get("/console/organizations/default/service-accounts");
            browser.type("#displayName", "Org CI");
            browser.type("#accountId", accountId);
            browser.button("Create").click();
            // The default team is required at organization scope: the form refuses and nothing is created.
            assertThat(
                    browser.driver.getCurrentUrl(), containsString("/console/organizations/default/service-accounts"));
            assertThat(browser.find("#defaultTeam").getAttribute("validationMessage"), not(equalTo("")));
            Api.asAdmin()
                    .get("/v1/organizations/default/serviceAccounts/" + accountId + "@default.org.tollgate.local")
                    .then()
                    .statusCode(404);

            new Select(browser.find("#defaultTeam")).selectByValue(team);
            browser.press("Create");
            String email = accountId + "@default.org.tollgate.local";
            assertThat(browser.flash(), containsString("Created service account " + email));
            browser.screenshot("service-accounts", 1280);
            browser.screenshot("service-accounts-phone", 390);

            browser.find("tr[data-account='" + email + "'] button").click();
            String keyString = browser.find("#keyString").getAttribute("value");
            assertThat(keyString, matchesPattern("tg_[0-9a-f]{16}_[0-9A-Za-z]{43}"));
            browser.button("Copy").click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(5))
                    .until(driver -> browser.find("[data-copy]").getAttribute("data-copied") != null);
            assertThat(browser.find("[data-copy]").getAttribute("data-copied"), equalTo("true"));
            Object clipboard = browser.driver.executeAsyncScript(
                    "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));");
            assertThat(clipboard, equalTo(keyString));
            browser.screenshot("copy-api-key", 1280);

            given().formParam("grant_type", "client_credentials")
                    .formParam("client_id", email)
                    .formParam("client_secret", keyString)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(200)
                    .body("access_token", notNullValue());

            browser.get("/console/accounts/" + email);
            browser.screenshot("account", 1280);
            browser.pressAndConfirm("Disable account");
            assertThat(browser.flash(), containsString("disabled"));
            given().formParam("grant_type", "client_credentials")
                    .formParam("client_id", email)
                    .formParam("client_secret", keyString)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(401)
                    .body("error", is("invalid_client"));
        }
    }

    @Test
    void teamTabWhenNewServiceAccountThenTeamScopedWithoutDefaultTeam() throws Exception {
        String team = Api.uniqueId("tab-team");
        Api.asAdmin()
                .body(Map.of("teamId", team, "parent", "organizations/default"))
                .post("/v1/teams")
                .then()
                .statusCode(200);
        String accountId = Api.uniqueId("team-ci");
        try (Browser browser = Browser.open(base.toString())) {
            browser.signIn(bootstrapKey());
            browser.get("/console/" + team + "/service-accounts");
            assertThat(browser.findAll("#defaultTeam").isEmpty(), is(true));
            browser.type("#displayName", "Team CI");
            browser.type("#accountId", accountId);
            browser.press("Create");
            String email = accountId + "@" + team + ".team.tollgate.local";
            assertThat(browser.flash(), containsString("Created service account " + email));
            assertThat(browser.find("tr[data-account='" + email + "']").getText(), containsString("teams/" + team));
        }
    }
}
