package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.tollgate.audit.AuditFixtures;
import dev.tollgate.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in with the identity provider in a real browser: the authorization code flow with PKCE against the tests'
 * authorization server, the person then acting as {@code user:<email>} with their own bindings, and sign-out that
 * also ends the session at the provider.
 */
@QuarkusTest
class ConsoleOidcSignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void signInWithIdentityProviderWhenViewerThenActsAsThatUserUntilSignOut() throws Exception {
        String email = Api.uniqueId("viewer") + "@example.com";
        Api.bind("organizations/default", "roles/viewer", "user:" + email);
        int exchanges = TestAuthorizationServer.VERIFIED_EXCHANGES.get();
        try (Browser browser = Browser.open(base.toString())) {
            browser.get("/console/sign-in");
            browser.screenshot("sign-in", 1280);
            browser.find("#sign-in-oidc").click();
            wait(browser).until(ExpectedConditions.urlContains(TestAuthorizationServer.url() + "/authorize"));
            browser.type("#email", email);
            browser.screenshot("oidc-identity-provider", 1280);
            browser.button("Sign in").click();
            wait(browser).until(ExpectedConditions.urlContains("/console/organizations/default"));
            assertThat(TestAuthorizationServer.VERIFIED_EXCHANGES.get(), greaterThan(exchanges));
            assertThat(browser.find(".who").getText(), equalTo("user:" + email));
            assertThat(
                    "the session keeps the provider's refresh token, sealed, to renew the access token",
                    AuditFixtures.count(
                            "select count(*) from console_sessions where principal = ? and refresh_sealed is not null"
                                    + " and refresh_uri = ?",
                            "user:" + email,
                            TestAuthorizationServer.url() + "/token"),
                    equalTo(1L));
            browser.screenshot("oidc-signed-in", 1280);

            // The console calls /v1 as this person: a viewer reads the organization but may not create a team.
            String team = Api.uniqueId("oidc-team");
            browser.type("#teamId", team);
            browser.type("#teamName", "Not allowed");
            browser.press("Create team");
            assertThat(browser.flash(), containsString("PERMISSION_DENIED"));
            Api.asAdmin().get("/v1/teams/" + team).then().statusCode(404);

            browser.button("Sign out").click();
            wait(browser).until(ExpectedConditions.urlContains("/console/sign-in"));
            assertThat(TestAuthorizationServer.LOGOUTS, hasItem(TestAuthorizationServer.CLIENT_ID));
            browser.get("/console/organizations/default");
            assertThat(browser.driver.getCurrentUrl(), containsString("/console/sign-in"));
        }
    }

    @Test
    void oidcSignInWhenStartedThenPkceS256AndForgedCallbackOpensNoSession() {
        Response start = given().redirects().follow(false).get("/console/oidc/sign-in");
        assertThat(start.statusCode(), equalTo(302));
        assertThat(start.header("Location"), startsWith(TestAuthorizationServer.url() + "/authorize?"));
        assertThat(start.header("Location"), containsString("code_challenge_method=S256"));
        assertThat(start.header("Location"), containsString("code_challenge="));

        Response forged = given().redirects().follow(false).get("/console/oidc/sign-in?code=forged&state=forged");
        assertThat(forged.statusCode(), not(equalTo(200)));
        assertThat(
                String.valueOf(forged.headers().getValues("Set-Cookie")),
                not(containsString(ConsoleContext.PLAIN_COOKIE + "=")));
    }

    private static WebDriverWait wait(Browser browser) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(20));
    }
}
