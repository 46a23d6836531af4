package dev.tollgate.console;

import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.web.UsersConfig;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Signing in to the console with an admin API key (the bootstrap key of the embedded default), verified by the same
 * API-key authentication every {@code /v1} call uses; the key then lives in the server-side session only.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    /** Double-submit token of the sign-in form, which has no session yet to hold a synchronizer token. */
    static final String SIGN_IN_COOKIE = "tollgate_signin";

    private final ConsoleContext context;
    private final ConsoleSessions sessions;
    private final ServiceAccounts accounts;
    private final ConsoleConfig config;
    private final UsersConfig users;
    private final IdentityProviderLogout logout;

    public SignInResource(
            ConsoleContext context,
            ConsoleSessions sessions,
            ServiceAccounts accounts,
            ConsoleConfig config,
            UsersConfig users,
            IdentityProviderLogout logout) {
        this.context = context;
        this.sessions = sessions;
        this.accounts = accounts;
        this.config = config;
        this.users = users;
        this.logout = logout;
    }

    @GET
    @Path("/sign-in")
    public Response form(@QueryParam("expired") boolean expired) {
        String token = ConsoleSessions.randomToken();
        return signInPage(
                token, expired ? "Your session ended or its credential stopped working: sign in again." : null, 200);
    }

    @POST
    @Path("/sign-in")
    public Uni<Response> signIn(
            @FormParam("apiKey") String apiKey,
            @FormParam("csrf") String csrf,
            @CookieParam(SIGN_IN_COOKIE) String cookie) {
        context.requireSameOrigin();
        if (csrf == null
                || cookie == null
                || !MessageDigest.isEqual(
                        csrf.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8))) {
            throw ConsoleRefusal.forbidden("The sign-in form expired: reload the page and try again.");
        }
        String key = apiKey == null ? "" : apiKey.strip();
        return accounts.verify(key)
                .flatMap(principal -> {
                    if (principal.disabled()) {
                        throw ApiException.unauthenticated("Service account " + principal.email() + " is disabled.");
                    }
                    return sessions.open(key, "serviceAccount:" + principal.email(), Optional.empty());
                })
                .map(session -> Response.seeOther(URI.create("/console"))
                        .cookie(context.signedInCookie(session), signInCookie("", 0))
                        .build())
                .onFailure(ApiException.class)
                .recoverWithItem(
                        e -> signInPage(ConsoleSessions.randomToken(), "Sign-in refused: " + e.getMessage(), 401));
    }

    @POST
    @Path("/sign-out")
    public Response signOut(@FormParam("csrf") String csrf) {
        ConsoleSession session = context.requireChange(csrf);
        context.closeSession();
        NewCookie cleared = context.sessionCookie("", 0);
        // CSP form-action 'self' forbids a form's redirect to the provider: a page of ours navigates there instead.
        return logout.redirect(session.principal(), context.ownOrigin() + "/console/sign-in")
                .map(provider -> Response.ok(context.page("signed-out", "Signed out")
                                .data("provider", provider.toString())
                                .data("refresh", provider.toString())
                                .render())
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .cookie(cleared)
                        .build())
                .orElseGet(() -> Response.seeOther(URI.create("/console/sign-in"))
                        .cookie(cleared)
                        .build());
    }

    private Response signInPage(String token, String error, int status) {
        TemplateInstance page = context.page("sign-in", "Sign in")
                .data("signInToken", token)
                .data("error", error)
                .data("identityProvider", config.oidc().enabled() && users.enabled());
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(signInCookie(token, 600))
                .entity(page.render())
                .build();
    }

    private NewCookie signInCookie(String value, int maxAge) {
        return new NewCookie.Builder(SIGN_IN_COOKIE)
                .value(value)
                .path("/console")
                .httpOnly(true)
                .secure(context.secure())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }
}
