package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.tollgate.console.ConsoleSignIn;
import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Threat: a page on another site makes a signed-in administrator's browser post a change to the console (CSRF), or
 * frames the console, or injects script. The console refuses cross-site and token-less changes and serves a strict CSP.
 */
@QuarkusTest
class ConsoleCsrfAttackTest {

    @Inject
    TollgateConfig config;

    private ConsoleSignIn.Session session() throws Exception {
        return ConsoleSignIn.signIn(Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                .trim());
    }

    private String victim() {
        String team = Api.createTeam("default");
        return TestServiceAccounts.create("teams/" + team, null).getString("email");
    }

    @Test
    void consoleChangeWhenPostedCrossSiteThenForbiddenAndNothingChanges() throws Exception {
        ConsoleSignIn.Session session = session();
        String email = victim();
        disable(
                        session,
                        email,
                        request -> request.header("Sec-Fetch-Site", "cross-site")
                                .header("Origin", "https://evil.example")
                                .formParam("csrf", session.csrf()))
                .statusCode(403)
                .body(containsString("Refused"));
        assertDisabled(email, false);
    }

    @Test
    void consoleChangeWhenForeignOriginWithoutFetchMetadataThenForbidden() throws Exception {
        ConsoleSignIn.Session session = session();
        String email = victim();
        disable(
                        session,
                        email,
                        request ->
                                request.header("Origin", "https://evil.example").formParam("csrf", session.csrf()))
                .statusCode(403);
        assertDisabled(email, false);
    }

    @Test
    void consoleChangeWhenCsrfTokenMissingOrWrongThenForbidden() throws Exception {
        ConsoleSignIn.Session session = session();
        String email = victim();
        disable(session, email, request -> request.header("Sec-Fetch-Site", "same-origin"))
                .statusCode(403);
        disable(
                        session,
                        email,
                        request ->
                                request.header("Sec-Fetch-Site", "same-origin").formParam("csrf", "forged"))
                .statusCode(403);
        assertDisabled(email, false);
        // The same request with the session's token goes through: the refusals above were the token's doing.
        disable(
                        session,
                        email,
                        request ->
                                request.header("Sec-Fetch-Site", "same-origin").formParam("csrf", session.csrf()))
                .statusCode(303);
        assertDisabled(email, true);
    }

    @Test
    void signInWhenPostedCrossSiteThenForbidden() {
        given().redirects()
                .follow(false)
                .cookie("tollgate_signin", "t")
                .header("Sec-Fetch-Site", "cross-site")
                .formParam("csrf", "t")
                .formParam("apiKey", "tg_x")
                .post("/console/sign-in")
                .then()
                .statusCode(403);
    }

    @Test
    void consolePagesWhenServedThenStrictCspAndNoFraming() {
        for (String path : new String[] {"/console/sign-in", "/console-assets/console.js"}) {
            given().get(path)
                    .then()
                    .statusCode(200)
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
        }
        given().get("/console/sign-in")
                .then()
                .body(not(containsString("<script>")))
                .body(not(containsString("onclick=")))
                .body(not(containsString("style=\"")));
    }

    @Test
    void sessionCookieWhenSignedInThenHttpOnlyAndSameSiteStrict() throws Exception {
        String key = Files.readString(config.dataDir().resolve("bootstrap-admin.key"))
                .trim();
        String token = "fixed-token-for-this-test";
        given().redirects()
                .follow(false)
                .cookie("tollgate_signin", token)
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("csrf", token)
                .formParam("apiKey", key)
                .post("/console/sign-in")
                .then()
                .statusCode(303)
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
    }

    /** The console's disable form for {@code email}, posted in {@code session} as {@code request} shapes it. */
    private static ValidatableResponse disable(
            ConsoleSignIn.Session session, String email, UnaryOperator<RequestSpecification> request) {
        return request.apply(given().redirects().follow(false).cookie("tollgate_session", session.cookie()))
                .post("/console/accounts/" + email + "/disable")
                .then();
    }

    private static void assertDisabled(String email, boolean disabled) {
        Api.asAdmin()
                .get("/v1/projects/-/serviceAccounts/" + email)
                .then()
                .statusCode(200)
                .body("disabled", equalTo(disabled));
    }
}
