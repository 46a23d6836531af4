package dev.tollgate.console;

import dev.tollgate.support.TollgateConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * One console request: the session behind its cookie, the checks every change passes (same origin, CSRF token), the
 * page templates with what every page shows, and where {@code /v1} is reached.
 */
@RequestScoped
public class ConsoleContext {

    static final String SECURE_COOKIE = "__Host-tollgate_session";
    static final String PLAIN_COOKIE = "tollgate_session";

    private final CurrentVertxRequest current;
    private final ConsoleConfig config;
    private final TollgateConfig tollgate;
    private final Engine engine;
    private ConsoleSession session;
    private ConsoleSessions.Flash flash;
    private ConsoleSessions.Flash pendingFlash;
    private boolean closing;

    public ConsoleContext(CurrentVertxRequest current, ConsoleConfig config, TollgateConfig tollgate, Engine engine) {
        this.current = current;
        this.config = config;
        this.tollgate = tollgate;
        this.engine = engine;
    }

    private HttpServerRequest request() {
        return current.getCurrent().request();
    }

    /** Behind https (the request's own scheme, or a public issuer URL that is https): cookies are then Secure. */
    boolean secure() {
        return request().isSSL() || tollgate.issuer().startsWith("https:");
    }

    String cookieName() {
        return secure() ? SECURE_COOKIE : PLAIN_COOKIE;
    }

    /** The session id the browser presented, if any. */
    Optional<String> sessionCookie() {
        return Optional.ofNullable(request().getCookie(cookieName())).map(Cookie::getValue);
    }

    /** What {@link ConsoleSessionFilter} found for this request's cookie, before the resource runs. */
    void loaded(Optional<ConsoleSessions.Found> found) {
        session = found.map(ConsoleSessions.Found::session).orElse(null);
        flash = found.flatMap(ConsoleSessions.Found::flash).orElse(null);
    }

    Optional<ConsoleSession> session() {
        return Optional.ofNullable(session);
    }

    /** Ends the session once this request is answered (sign-out, or a credential that stopped working). */
    void closeSession() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }

    Optional<ConsoleSessions.Flash> pendingFlash() {
        return Optional.ofNullable(pendingFlash);
    }

    /** The signed-in session, or a redirect to the sign-in page. */
    ConsoleSession requireSession() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
        return session().orElseThrow(ConsoleRefusal::signInRequired);
    }

    /**
     * Every change: from this origin (Fetch metadata, else Origin; a browser sends at least one of them on a POST) and,
     * once signed in, carrying the session's synchronizer token.
     */
    ConsoleSession requireChange(String csrfToken) {
        requireSameOrigin();
        ConsoleSession signedIn = requireSession();
        if (csrfToken == null
                || !MessageDigest.isEqual(
                        csrfToken.getBytes(StandardCharsets.UTF_8),
                        signedIn.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw ConsoleRefusal.forbidden("The form's CSRF token is missing or wrong: reload the page and try again.");
        }
        return signedIn;
    }

    void requireSameOrigin() {
        String site = request().getHeader("Sec-Fetch-Site");
        if (site != null) {
            // Fetch metadata is set by the browser itself and cannot be forged by a page: it decides when present.
            if (!site.equals("same-origin") && !site.equals("none")) {
                throw ConsoleRefusal.forbidden(
                        "Refused a " + site + " request: changes are accepted from this console's own pages only.");
            }
            return;
        }
        String origin = request().getHeader("Origin");
        if (origin != null && !origin.equals(ownOrigin())) {
            throw ConsoleRefusal.forbidden("Refused a request from origin " + origin + ".");
        }
    }

    String ownOrigin() {
        return (request().isSSL() ? "https" : "http") + "://"
                + request().authority().toString();
    }

    /** Where this replica's own {@code /v1} API answers. */
    URI apiBase() {
        return config.apiUrl()
                .orElseGet(() -> URI.create(
                        "http://127.0.0.1:" + request().localAddress().port()));
    }

    String userAgent() {
        String agent = request().getHeader("User-Agent");
        return "tollgate-console"
                + (agent == null ? "" : " (" + agent.substring(0, Math.min(agent.length(), 200)) + ")");
    }

    /** A console page with the layout's data: who is signed in, the CSRF token, and the message of the last change. */
    TemplateInstance page(String name, String title) {
        TemplateInstance page = engine.getTemplate("console/" + name).instance().data("title", title);
        Optional<ConsoleSession> signedIn = closing ? Optional.empty() : session();
        page.data("principal", signedIn.map(ConsoleSession::principal).orElse(null));
        page.data("csrf", signedIn.map(ConsoleSession::csrfToken).orElse(""));
        page.data("flash", flash);
        return page;
    }

    /** Post/redirect/get: a success or error message for the next page, then a 303 to {@code path}. */
    Response redirect(String path, boolean error, String message) {
        pendingFlash = new ConsoleSessions.Flash(error, message);
        return Response.seeOther(URI.create(path)).build();
    }

    /** The cookie of a new session: it lasts as long as the session can. */
    NewCookie signedInCookie(ConsoleSession session) {
        return sessionCookie(session.id(), (int) Math.max(
                1, Duration.between(session.createdAt(), session.expiresAt()).toSeconds()));
    }

    NewCookie sessionCookie(String value, int maxAgeSeconds) {
        return new NewCookie.Builder(cookieName())
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(secure())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAgeSeconds)
                .build();
    }
}
