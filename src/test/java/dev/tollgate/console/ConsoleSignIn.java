package dev.tollgate.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signs in to the console over plain HTTP (no browser), as a browser would: sign-in form, then its POST. */
public final class ConsoleSignIn {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A signed-in session: its cookie and its CSRF token. */
    public record Session(String cookie, String csrf) {}

    private ConsoleSignIn() {}

    public static Session signIn(String apiKey) {
        Response form = given().get("/console/sign-in");
        String token = csrfOf(form.asString());
        Response signedIn = given().redirects()
                .follow(false)
                .cookie(SignInResource.SIGN_IN_COOKIE, token)
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("csrf", token)
                .formParam("apiKey", apiKey)
                .post("/console/sign-in");
        if (signedIn.statusCode() != 303) {
            throw new AssertionError("sign-in answered " + signedIn.statusCode() + ": " + signedIn.asString());
        }
        String cookie = signedIn.getCookie(ConsoleContext.PLAIN_COOKIE);
        String page = given().cookie(ConsoleContext.PLAIN_COOKIE, cookie)
                .get("/console/organizations/default")
                .asString();
        return new Session(cookie, csrfOf(page));
    }

    static String csrfOf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token in " + html);
        }
        return matcher.group(1);
    }
}
