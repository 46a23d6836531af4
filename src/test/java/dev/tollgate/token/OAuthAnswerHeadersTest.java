package dev.tollgate.token;

import static dev.tollgate.token.TokenFixtures.form;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §15.5.6 and RFC 6749 §5.1/§5.2 on every OAuth endpoint: POST only, answers never cached. */
@QuarkusTest
class OAuthAnswerHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/token", "/v1/token", "/oauth2/introspect", "/v1/introspect"})
    void getWhenPostOnlyEndpointThen405WithAllowPostAndOAuthBody(String path) {
        given().get(path)
                .then()
                .statusCode(405)
                .header("Allow", "POST")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo("invalid_request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/token", "/v1/token"})
    void tokenWhenRefusedThenNoStoreAndNoCache(String path) {
        form().formParam("grant_type", "password")
                .post(path)
                .then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo("unsupported_grant_type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/v1/token"})
    void tokenWhenClientUnauthenticatedThen401NoStoreAndNoCache(String path) {
        form().formParam("grant_type", "client_credentials")
                .post(path)
                .then()
                .statusCode(401)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo("invalid_client"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/introspect", "/v1/introspect"})
    void introspectWhenTokenMissingThenNoStoreAndNoCache(String path) {
        form().post(path)
                .then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo("invalid_request"));
    }
}
