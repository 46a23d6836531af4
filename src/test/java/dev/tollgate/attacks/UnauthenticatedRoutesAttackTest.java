package dev.tollgate.attacks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.in;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Threat: one route, among the hundred the server has, that answers a caller who proves nothing: an admin method
 * whose check was forgotten, a console page that renders before asking for a session, an existence check that tells
 * an outsider which accounts exist. Every route of the server's own OpenAPI document is called without a credential
 * and with forged ones; only the public routes listed here may answer anything but 401 {@code UNAUTHENTICATED} (API)
 * or a redirect to the console's sign-in page (docs/security.md "Unauthenticated routes"). A new public route fails
 * this test until it is added to the list.
 */
@QuarkusTest
class UnauthenticatedRoutesAttackTest {

    /** Anyone may call these: key documents and discovery, the token and introspection endpoints, console sign-in. */
    private static final Set<String> PUBLIC = Set.of(
            "GET /.well-known/openid-configuration",
            "GET /oauth2/v1/certs",
            "GET /oauth2/v3/certs",
            "GET /robot/v1/metadata/x509/{email}",
            "GET /service_accounts/v1/jwk/{email}",
            "GET /service_accounts/v1/metadata/jwk/{email}",
            "GET /service_accounts/v1/metadata/raw/{email}",
            "GET /service_accounts/v1/metadata/x509/{email}",
            "POST /oauth2/token",
            "POST /token",
            "POST /v1/token",
            "POST /oauth2/introspect",
            "POST /v1/introspect",
            "GET /console/sign-in",
            "POST /console/sign-in",
            "POST /console/sign-out",
            "GET /console/oidc/sign-in");

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** A route of the document and a request path that reaches it (each path parameter given a value it accepts). */
    private record Route(String method, String template, String path) {

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    @Test
    void everyRouteWhenNoCredentialThenRefusedUnlessPublic() {
        assertThat(refusals(UnaryOperator.identity()), empty());
    }

    @Test
    void everyRouteWhenForgedOrForeignCredentialThenRefusedUnlessPublic() {
        String unsignedJwt = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"iss\":\"http://localhost:8080\",\"sub\":\"bootstrap-admin\",\"aud\":\"tollgate\","
                        + "\"exp\":4102444800,\"scope\":\"https://www.googleapis.com/auth/cloud-platform\"}")
                + ".";
        for (String credential : List.of(
                "Bearer " + unsignedJwt,
                "Bearer tg_" + "A".repeat(40),
                "Bearer ya29.not-a-token",
                "Basic " + base64Url("bootstrap-admin:tg_guess"))) {
            assertThat(credential, refusals(request -> request.header("Authorization", credential)), empty());
        }
    }

    @Test
    void publicRoutesWhenListedThenAllExist() {
        Set<String> documented = new TreeSet<>();
        routes().forEach(route -> documented.add(route.name()));
        assertThat(PUBLIC, everyItem(in(documented)));
    }

    /** What each non-public route answered, for every one that did not refuse as it must. */
    private static List<String> refusals(UnaryOperator<RequestSpecification> credential) {
        List<String> accepted = new ArrayList<>();
        for (Route route : routes()) {
            if (PUBLIC.contains(route.name())) {
                continue;
            }
            Response response =
                    credential.apply(request(route)).request(route.method().toUpperCase(Locale.ROOT), route.path());
            if (!refused(route, response)) {
                String body = response.asString();
                accepted.add(route.name() + " (" + route.path() + ") answered " + response.statusCode() + " "
                        + Optional.ofNullable(response.header("Location")).orElse("")
                        + body.substring(0, Math.min(160, body.length())));
            }
        }
        return accepted;
    }

    private static boolean refused(Route route, Response response) {
        if (route.template().startsWith("/console")) {
            String location = Optional.ofNullable(response.header("Location")).orElse("");
            return response.statusCode() == 303 && location.endsWith("/console/sign-in");
        }
        return response.statusCode() == 401
                && "UNAUTHENTICATED".equals(JsonPath.from(response.asString()).getString("error.status"));
    }

    private static RequestSpecification request(Route route) {
        RequestSpecification request = given().redirects().follow(false);
        if (route.method().equals("get") || route.method().equals("delete")) {
            return request;
        }
        return route.template().startsWith("/console")
                ? request.contentType("application/x-www-form-urlencoded").formParam("csrf", "guessed")
                : request.contentType("application/json").body("{}");
    }

    private static List<Route> routes() {
        Map<String, Map<String, Object>> paths =
                JsonPath.from(given().get("/q/openapi?format=json").asString()).getMap("paths");
        List<Route> routes = new ArrayList<>();
        paths.forEach((template, operations) -> operations.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> routes.add(new Route(method, template, concrete(template)))));
        assertThat("the OpenAPI document lists the routes", routes.size() > 50);
        return routes;
    }

    /** A path that matches the template's regular expressions, as a client would send it ({@code name:verb}). */
    private static String concrete(String template) {
        return template.replace("{collection}", "projects")
                .replace("{verb}", "delete")
                .replace("{remove}", "")
                .replace("{email}", "probe@tollgate.local")
                .replaceAll("\\{[^}]+}", "probe")
                .replace("/:", ":");
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
