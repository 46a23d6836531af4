package dev.tollgate.console;

import com.sun.net.httpserver.HttpExchange;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authorization side of the tests' human identity provider (the {@code users} issuer of
 * {@link TestIdentityProviders}): a real HTTP server with a login form, the authorization code flow (RFC 6749 §4.1)
 * with the PKCE check (RFC 7636 §4.6: S256 only, a code without a matching verifier is {@code invalid_grant}), a
 * confidential client, refresh tokens that rotate on each use (RFC 6749 §6), and an end-session endpoint. Its tokens are the {@code users} issuer's, signed with its key,
 * so {@code /v1} accepts the access token as it accepts any user's.
 */
@QuarkusTestResource(TestAuthorizationServer.class)
public class TestAuthorizationServer implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "tollgate-console";
    static final String CLIENT_SECRET = "console-client-secret-of-at-least-32-characters";

    /** Below the loopback server of {@link TestIdentityProviders}, beside the issuers it serves. */
    private static final String PATH = "/console-idp";

    private static boolean started;
    private static final Map<String, Grant> CODES = new ConcurrentHashMap<>();
    static final List<String> LOGOUTS = new CopyOnWriteArrayList<>();
    static final AtomicInteger VERIFIED_EXCHANGES = new AtomicInteger();
    static final AtomicInteger REFUSED_EXCHANGES = new AtomicInteger();
    static final AtomicInteger RENEWALS = new AtomicInteger();
    /** Refresh token → the email it was issued for; a redeemed one is replaced (rotation). */
    private static final Map<String, String> REFRESH_TOKENS = new ConcurrentHashMap<>();
    /** Added to the time of the tokens issued, so that they follow a test's moved clock. */
    static volatile Duration clockOffset = Duration.ZERO;

    private record Grant(String email, String redirectUri, String challenge, String nonce) {}

    @Override
    public Map<String, String> start() {
        new TestIdentityProviders().start();
        startServer();
        TestIssuer users = TestIdentityProviders.users();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tollgate.console.oidc.enabled", "true");
        config.put("tollgate.console.oidc.client-id", CLIENT_ID);
        config.put("tollgate.console.oidc.client-secret", CLIENT_SECRET);
        // The users issuer serves discovery without these endpoints; the console tenant is told where they are.
        config.put("quarkus.oidc.console.discovery-enabled", "false");
        config.put("quarkus.oidc.console.token.issuer", users.url());
        config.put("quarkus.oidc.console.jwks-path", users.url() + "/jwks");
        config.put("quarkus.oidc.console.authorization-path", url() + "/authorize");
        config.put("quarkus.oidc.console.token-path", url() + "/token");
        config.put("quarkus.oidc.console.end-session-path", url() + "/logout");
        return config;
    }

    static String url() {
        return TestIdentityProviders.baseUrl() + PATH;
    }

    private static synchronized void startServer() {
        if (started) {
            return;
        }
        TestIdentityProviders.route(PATH + "/authorize", TestAuthorizationServer::authorize);
        TestIdentityProviders.route(PATH + "/token", TestAuthorizationServer::token);
        TestIdentityProviders.route(PATH + "/logout", TestAuthorizationServer::logout);
        started = true;
    }

    /** GET: the login form for the request's parameters; POST: the person's email, then back with a code. */
    private static void authorize(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            if (!"code".equals(query.get("response_type"))
                    || !CLIENT_ID.equals(query.get("client_id"))
                    || query.get("redirect_uri") == null
                    || !"S256".equals(query.get("code_challenge_method"))
                    || query.get("code_challenge") == null) {
                respond(exchange, 400, "text/plain", "invalid authorization request: " + query.keySet());
                return;
            }
            StringBuilder hidden = new StringBuilder();
            query.forEach((name, value) -> hidden.append("<input type=\"hidden\" name=\"")
                    .append(name)
                    .append("\" value=\"")
                    .append(value.replace("\"", "&quot;"))
                    .append("\">"));
            respond(
                    exchange,
                    200,
                    "text/html; charset=utf-8",
                    "<!DOCTYPE html><html lang=\"en\"><head><title>Test IdP</title>"
                            + "</head><body><h1>Test identity provider</h1><form method=\"post\" action=\"" + PATH
                            + "/authorize\">" + hidden
                            + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" required>"
                            + "<button type=\"submit\">Sign in</button></form></body></html>");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String code = UUID.randomUUID().toString();
        CODES.put(
                code,
                new Grant(form.get("email"), form.get("redirect_uri"), form.get("code_challenge"), form.get("nonce")));
        String redirect = form.get("redirect_uri") + (form.get("redirect_uri").contains("?") ? "&" : "?") + "code="
                + code + "&state=" + URLEncoder.encode(form.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", redirect);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The code for tokens: once, for the redirect it was issued to, by the client, with the PKCE verifier. */
    private static void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : CODES.remove(form.get("code"));
        if (!clientAuthenticated(exchange, form)) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if ("refresh_token".equals(form.get("grant_type"))) {
            String email = form.get("refresh_token") == null ? null : REFRESH_TOKENS.remove(form.get("refresh_token"));
            if (email == null) {
                respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                return;
            }
            RENEWALS.incrementAndGet();
            respond(exchange, 200, "application/json", tokens(email, null));
            return;
        }
        if (grant == null
                || !"authorization_code".equals(form.get("grant_type"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null
                || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            REFUSED_EXCHANGES.incrementAndGet();
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        VERIFIED_EXCHANGES.incrementAndGet();
        respond(exchange, 200, "application/json", tokens(grant.email(), grant.nonce()));
    }

    /** A token response for {@code email}: access token (one hour), ID token and a new refresh token. */
    static String tokens(String email, String nonce) {
        TestIssuer users = TestIdentityProviders.users();
        String subject = "user-" + email.hashCode();
        Instant now = Instant.now().plus(clockOffset);
        String access = users.token(claims -> claims.subject(subject)
                .audience("tollgate")
                .claim("email", email)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(3600)));
        String id = users.token(claims -> {
            claims.subject(subject)
                    .audience(CLIENT_ID)
                    .claim("email", email)
                    .issuedAt(now)
                    .expiresAt(now.plusSeconds(3600));
            if (nonce != null) {
                claims.claim("nonce", nonce);
            }
        });
        String refresh = UUID.randomUUID().toString();
        REFRESH_TOKENS.put(refresh, email);
        return "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id + "\",\"refresh_token\":\"" + refresh
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    /** The provider forgets {@code refreshToken}: its next use is {@code invalid_grant}. */
    static void revoke(String refreshToken) {
        REFRESH_TOKENS.remove(refreshToken);
    }

    private static void logout(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        LOGOUTS.add(query.getOrDefault("client_id", ""));
        exchange.getResponseHeaders().add("Location", query.getOrDefault("post_logout_redirect_uri", "/"));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static boolean clientAuthenticated(HttpExchange exchange, Map<String, String> form) {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            return pair.equals(URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8) + ":"
                            + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                    || pair.equals(CLIENT_ID + ":" + CLIENT_SECRET);
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            values.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        // Lives as long as the test JVM, like the identity providers it extends.
    }
}
