package dev.tollgate.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;

import dev.tollgate.support.TollgateConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Console addresses a user types or bookmarks, over plain HTTP. */
@QuarkusTest
class ConsolePagesTest {

    @Inject
    TollgateConfig tollgate;

    @Test
    void teamOrProjectAddressWhenSignedInThenOpensItsPage() throws Exception {
        ConsoleSignIn.Session session =
                ConsoleSignIn.signIn(Files.readString(tollgate.dataDir().resolve("bootstrap-admin.key"))
                        .trim());

        for (String resource : new String[] {"teams/ml", "projects/vision"}) {
            given().redirects()
                    .follow(false)
                    .cookie(ConsoleContext.PLAIN_COOKIE, session.cookie())
                    .get("/console/" + resource)
                    .then()
                    .statusCode(303)
                    .header("Location", endsWith("/console/" + resource + "/members"));
        }
    }

    @Test
    void teamAddressWhenSignedOutThenSignInFirst() {
        given().redirects()
                .follow(false)
                .get("/console/teams/ml")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
    }
}
