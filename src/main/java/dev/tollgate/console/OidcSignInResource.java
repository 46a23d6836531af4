package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.web.UsersConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.RefreshToken;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing in to the console with the users' identity provider: quarkus-oidc's {@code console} tenant runs the
 * authorization code flow with PKCE (RFC 7636) on {@code /console/oidc/*}; once it has verified the ID token, this
 * opens a console session whose credential is the provider's access token, which {@code /v1} accepts as the user's
 * bearer token, renewed with the provider's refresh token when it has one ({@link ConsoleSessionRenewal}). The person
 * then acts as {@code user:<email>} with exactly their IAM bindings.
 */
@Path("/console/oidc")
@Produces(MediaType.TEXT_HTML)
public class OidcSignInResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleContext context;
    private final ConsoleSessions sessions;
    private final IdentityProviderLogout logout;
    private final UsersConfig users;
    private final AccessTokenCredential accessToken;
    private final RefreshToken refreshToken;
    private final OidcSession oidcSession;
    private final OidcConfigurationMetadata metadata;

    public OidcSignInResource(
            ConsoleContext context,
            ConsoleSessions sessions,
            IdentityProviderLogout logout,
            UsersConfig users,
            AccessTokenCredential accessToken,
            RefreshToken refreshToken,
            OidcSession oidcSession,
            OidcConfigurationMetadata metadata) {
        this.context = context;
        this.sessions = sessions;
        this.logout = logout;
        this.users = users;
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.oidcSession = oidcSession;
        this.metadata = metadata;
    }

    /**
     * Where the identity provider's redirect ends. The answer is a page that moves on to the console by itself: the
     * console's cookie is SameSite=Strict, so the browser would not send it on the redirect chain that began at the
     * provider's site, but does on a navigation that starts from this page.
     */
    @GET
    @Path("/sign-in")
    @Authenticated
    public Uni<Response> signedIn() {
        JsonWebToken idToken = oidcSession.getIdToken();
        if (!(idToken.getClaim(users.emailClaim()) instanceof String email) || email.isBlank()) {
            throw ConsoleRefusal.forbidden(
                    "The identity provider's ID token has no '" + users.emailClaim() + "' claim.");
        }
        logout.remember(metadata.getEndSessionUri());
        String token = accessToken.getToken();
        Optional<Instant> expiry = expiry(token).or(() -> Optional.ofNullable(oidcSession.expiresAt()));
        Optional<ConsoleSessions.Renewal> renewal = Optional.ofNullable(refreshToken.getToken())
                .filter(value -> !value.isBlank())
                .flatMap(value -> Optional.ofNullable(metadata.getTokenUri())
                        .map(tokenUri -> new ConsoleSessions.Renewal(value, tokenUri)));
        // The console's own session is the only one: quarkus-oidc's session cookie is not kept.
        return oidcSession
                .logout()
                .flatMap(ignored -> sessions.open(token, "user:" + email, expiry, renewal))
                .map(session -> Response.ok(context.page("signed-in", "Signed in")
                                .data("who", "user:" + email)
                                .data("refresh", "/console")
                                .render())
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .cookie(context.signedInCookie(session))
                        .build());
    }

    /** The {@code exp} of a JWT access token; empty for an opaque one. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode exp =
                    JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
            return exp != null && exp.canConvertToLong()
                    ? Optional.of(Instant.ofEpochSecond(exp.asLong()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
