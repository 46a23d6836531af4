package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A console session signed in with the identity provider outlives the provider's one-hour access token: the request
 * that finds it about to expire renews it with the refresh token (which the provider rotates), and a refused renewal
 * signs the person out once the token has expired. Time moves by the injected clock, in steps shorter than the idle
 * timeout, as a person working in the console would.
 */
@QuarkusTest
class ConsoleSessionRenewalTest {

    private static final Duration STEP = Duration.ofMinutes(20);

    @Inject
    ConsoleSessions sessions;

    @Inject
    TestClock clock;

    private String email;
    private String refreshToken;
    private String cookie;

    @BeforeEach
    void signedInWithTheIdentityProvider() {
        email = Api.uniqueId("renewal") + "@example.com";
        Api.bind("organizations/default", "roles/viewer", "user:" + email);
        JsonPath tokens = JsonPath.from(TestAuthorizationServer.tokens(email, null));
        String access = tokens.getString("access_token");
        refreshToken = tokens.getString("refresh_token");
        Instant expiresAt = OidcSignInResource.expiry(access).orElseThrow();
        cookie = sessions.open(
                        access,
                        "user:" + email,
                        Optional.of(expiresAt),
                        Optional.of(
                                new ConsoleSessions.Renewal(refreshToken, TestAuthorizationServer.url() + "/token")))
                .await()
                .atMost(Duration.ofSeconds(5))
                .id();
    }

    @AfterEach
    void resetClocks() {
        clock.reset();
        TestAuthorizationServer.clockOffset = Duration.ZERO;
    }

    @Test
    void sessionWhenAccessTokenExpiresThenRenewedAndPagesStillActAsThePerson() {
        int renewals = TestAuthorizationServer.RENEWALS.get();
        for (int minutes = 20; minutes <= 140; minutes += 20) {
            advance(STEP);
            Response page = page();
            assertThat("after " + minutes + " min: " + page.asString(), page.statusCode(), equalTo(200));
            assertThat(page.asString(), containsString("user:" + email));
        }
        assertThat("renewed about once an hour", TestAuthorizationServer.RENEWALS.get() - renewals, equalTo(2));
    }

    @Test
    void sessionWhenProviderRefusesRenewalThenSignedOutOnceTheTokenExpired() {
        TestAuthorizationServer.revoke(refreshToken);
        advance(STEP);
        page().then().statusCode(200);
        advance(STEP);
        page().then().statusCode(200);
        advance(STEP.minusMinutes(1)); // 59 min: due for renewal, refused, but the token still works for a minute
        page().then().statusCode(200);
        advance(Duration.ofMinutes(6)); // 65 min: expired, and still refused

        page().then().statusCode(303).header("Location", endsWith("/console/sign-in"));
    }

    private void advance(Duration by) {
        clock.advance(by);
        TestAuthorizationServer.clockOffset = TestAuthorizationServer.clockOffset.plus(by);
    }

    private Response page() {
        return given().redirects()
                .follow(false)
                .cookie(ConsoleContext.PLAIN_COOKIE, cookie)
                .get("/console/organizations/default");
    }
}
