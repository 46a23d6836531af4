package dev.tollgate.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token endpoint answers alike on its Vert.x route ({@link TokenRoute}) and through RESTEasy, where requests the
 * route leaves alone go (here: a charset other than UTF-8).
 */
@QuarkusTest
class TokenRouteTest {

    private static final String REQUEST_ID = "route-test-0001";

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/token", "/v1/token", "/o/oauth2/token"})
    void refusalOnTheRouteEqualsRefusalThroughResteasy(String path) {
        Response route = post(path, "application/x-www-form-urlencoded; charset=UTF-8");
        Response resteasy = post(path, "application/x-www-form-urlencoded; charset=ISO-8859-1");
        for (Response response : new Response[] {route, resteasy}) {
            response.then()
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .header("X-Request-Id", REQUEST_ID)
                    .contentType("application/json")
                    .body("error", equalTo("unsupported_grant_type"));
        }
        assertEquals(
                resteasy.jsonPath().getString("error_description"),
                route.jsonPath().getString("error_description"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/v1/token"})
    void wrongContentTypeOnTheRouteIsAnOAuthError(String path) {
        given().contentType("text/plain; charset=UTF-8")
                .body("grant_type=client_credentials")
                .post(path)
                .then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_request"));
    }

    private static Response post(String path, String contentType) {
        return given().contentType(contentType)
                .header("X-Request-Id", REQUEST_ID)
                .body("grant_type=password")
                .post(path);
    }
}
