package dev.tollgate.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** Usable by everyone: a label on every control, New service account by keyboard alone, readable at phone width. */
@QuarkusTest
class ConsoleAccessibilityBrowserTest {

    /** Controls a person can operate that have no label (a label element, aria-label or aria-labelledby). */
    private static final String UNLABELLED = "return Array.from(document.querySelectorAll('input, select, textarea'))"
            + ".filter(e => e.type !== 'hidden')"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))"
            + ".map(e => e.outerHTML);";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TollgateConfig config;

    private List<String> pages(String team, String project) {
        return List.of(
                "/console/organizations/default",
                "/console/organizations/default/service-accounts",
                "/console/" + team + "/service-accounts",
                "/console/teams/" + team + "/members",
                "/console/projects/" + project + "/members",
                "/console/projects/" + project + "/federation",
                "/console/organizations/default/policies",
                "/console/organizations/default/audit",
                "/console/signing-keys");
    }

    @Test
    void everyPageWhenRenderedThenEveryControlLabelledAndNoHorizontalScrollAtPhoneWidth() throws Exception {
        String team = Api.createTeam("default");
        String project = Api.createProject(team, "RESTRICTED");
        try (Browser browser = Browser.open(base.toString())) {
            browser.get("/console/sign-in");
            assertThat(browser.driver.executeScript(UNLABELLED), equalTo(List.of()));
            browser.signIn(Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                    .trim());
            for (String page : pages(team, project)) {
                browser.get(page);
                assertThat(page, browser.driver.executeScript(UNLABELLED), equalTo(List.of()));
            }
            browser.driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
            for (String page : pages(team, project)) {
                browser.get(page);
                Number scrollWidth =
                        (Number) browser.driver.executeScript("return document.documentElement.scrollWidth;");
                Number viewport = (Number) browser.driver.executeScript("return window.innerWidth;");
                assertThat(page + " at 390 px", scrollWidth.intValue(), lessThanOrEqualTo(viewport.intValue()));
            }
            browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void newServiceAccountWhenOnlyTheKeyboardIsUsedThenCreated() throws Exception {
        String team = Api.createTeam("default");
        String name = Api.uniqueId("kbd");
        try (Browser browser = Browser.open(base.toString())) {
            browser.signIn(Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                    .trim());
            browser.get("/console/organizations/default/service-accounts");
            Actions keys = new Actions(browser.driver);
            for (int presses = 0; presses < 80 && !"displayName".equals(focused(browser)); presses++) {
                keys.sendKeys(Keys.TAB).perform();
            }
            assertThat("Tab reaches the Name field", focused(browser), equalTo("displayName"));
            keys.sendKeys(name).perform();
            keys.sendKeys(Keys.TAB).perform();
            assertThat(focused(browser), equalTo("accountId"));
            keys.sendKeys(Keys.TAB).perform();
            assertThat(focused(browser), equalTo("defaultTeam"));
            keys.sendKeys(team).perform();
            assertThat(browser.find("#defaultTeam").getAttribute("value"), equalTo(team));
            keys.sendKeys(Keys.TAB).perform();
            assertThat(focused(browser), equalTo("description"));
            keys.sendKeys(Keys.ENTER).perform();
            assertThat(browser.flash(), containsString("Created service account " + name));
        }
        assertThat(
                Api.asAdmin()
                        .get("/v1/organizations/default/serviceAccounts/" + name + "@default.org.tollgate.local")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("defaultTeam"),
                equalTo("teams/" + team));
    }

    private static String focused(Browser browser) {
        return String.valueOf(
                browser.driver.executeScript("return document.activeElement && document.activeElement.id;"));
    }
}
