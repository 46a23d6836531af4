package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.tollgate.keys.signing.KeyVault;
import dev.tollgate.support.TollgateConfig;
import dev.tollgate.testing.TestClock;
import dev.tollgate.testing.TestRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Console sessions in the database: hashed id, sealed credential, idle and absolute expiry by the clock, any replica. */
@QuarkusTest
class ConsoleSessionsTest {

    @Inject
    TollgateConfig tollgate;

    @Inject
    ConsoleConfig config;

    @Inject
    ConsoleSessions sessions;

    @Inject
    TestClock clock;

    @Inject
    Pool database;

    @Inject
    KeyVault vault;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String bootstrapKey() throws Exception {
        return Files.readString(tollgate.dataDir().resolve("bootstrap-admin.key"))
                .trim();
    }

    private static Response page(ConsoleSignIn.Session session) {
        return given().redirects()
                .follow(false)
                .cookie(ConsoleContext.PLAIN_COOKIE, session.cookie())
                .get("/console/signing-keys");
    }

    private Optional<ConsoleSessions.Found> find(String id) {
        return sessions.find(id, false).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void sessionWhenIdleLongerThanIdleTimeoutThenSignedOut() throws Exception {
        ConsoleSignIn.Session session = ConsoleSignIn.signIn(bootstrapKey());
        Duration almostIdle = config.idleTimeout().minusMinutes(1);
        clock.advance(almostIdle);
        page(session).then().statusCode(200);
        clock.advance(almostIdle);
        page(session).then().statusCode(200);
        clock.advance(config.idleTimeout().plusSeconds(1));
        page(session).then().statusCode(303).header("Location", endsWith("/console/sign-in"));
    }

    @Test
    void sessionWhenOlderThanMaxAgeThenSignedOutThoughUsedAllAlong() {
        String id = sessions.open("tg_not_a_real_key", "serviceAccount:max-age@test", Optional.empty())
                .await()
                .atMost(Duration.ofSeconds(5))
                .id();
        Duration step = config.idleTimeout().minusMinutes(1);
        Instant end = clock.instant().plus(config.maxAge());
        while (clock.instant().plus(step).isBefore(end)) {
            clock.advance(step);
            assertThat(find(id).isPresent(), is(true));
        }
        clock.advance(Duration.between(clock.instant(), end));
        assertThat(find(id).isPresent(), is(false));
    }

    @Test
    void sessionWhenCredentialExpiresBeforeMaxAgeThenSessionEndsWithIt() {
        String id = sessions.open(
                        "an-access-token",
                        "user:short@example.com",
                        Optional.of(clock.instant().plus(Duration.ofMinutes(10))))
                .await()
                .atMost(Duration.ofSeconds(5))
                .id();
        clock.advance(Duration.ofMinutes(9));
        assertThat(find(id).map(found -> found.session().credential()), equalTo(Optional.of("an-access-token")));
        clock.advance(Duration.ofMinutes(2));
        assertThat(find(id).isPresent(), is(false));
    }

    @Test
    void sessionAtRestWhenStoredThenIdHashedAndCredentialSealed() throws Exception {
        String key = bootstrapKey();
        ConsoleSignIn.Session session = ConsoleSignIn.signIn(key);
        assertThat(
                TestRows.count(
                        database,
                        "SELECT count(*) FROM console_sessions WHERE id_hash = sha256(convert_to($1, 'UTF8'))",
                        session.cookie()),
                equalTo(1L));
        assertThat(
                TestRows.count(
                        database,
                        "SELECT count(*) FROM console_sessions WHERE id_hash = convert_to($1, 'UTF8')",
                        session.cookie()),
                equalTo(0L));
        assertThat(
                TestRows.count(
                        database,
                        "SELECT count(*) FROM console_sessions"
                                + " WHERE position(convert_to($1, 'UTF8') IN credential_sealed) > 0",
                        key),
                equalTo(0L));
    }

    @Test
    void sessionWhenAnotherReplicaServesItThenSignedInThereUntilSignOut() throws Exception {
        ConsoleSignIn.Session session = ConsoleSignIn.signIn(bootstrapKey());
        ConsoleSessions otherReplica = new ConsoleSessions(database, vault, config, clock);
        assertThat(
                otherReplica
                        .find(session.cookie(), false)
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .map(found -> found.session().principal()),
                equalTo(Optional.of("serviceAccount:bootstrap-admin@default.org.tollgate.local")));
        given().redirects()
                .follow(false)
                .cookie(ConsoleContext.PLAIN_COOKIE, session.cookie())
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("csrf", session.csrf())
                .post("/console/sign-out")
                .then()
                .statusCode(303);
        assertThat(
                otherReplica
                        .find(session.cookie(), false)
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .isPresent(),
                is(false));
        page(session).then().statusCode(303).header("Location", endsWith("/console/sign-in"));
    }

    @Test
    void sessionWhenCookieForgedThenSignInRequired() {
        given().redirects()
                .follow(false)
                .cookie(ConsoleContext.PLAIN_COOKIE, ConsoleSessions.randomToken())
                .get("/console/signing-keys")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
    }
}
