package dev.tollgate.web;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.CallerAuthenticator;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.jose.JwtPeek;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Human users: tokens of the external OIDC identity provider, verified by quarkus-oidc (signature against the
 * provider's JWKS, issuer, audience, expiry). The caller is {@code user:{email claim}}.
 */
@ApplicationScoped
public class OidcUserAuthenticator implements CallerAuthenticator {

    private static final Logger LOG = Logger.getLogger(OidcUserAuthenticator.class);

    private final UsersConfig config;
    private final TenantIdentityProvider identities;

    public OidcUserAuthenticator(UsersConfig config, TenantIdentityProvider identities) {
        this.config = config;
        this.identities = identities;
    }

    @Override
    public boolean accepts(String bearer) {
        return config.enabled()
                && config.issuer().isPresent()
                && JwtPeek.issuer(bearer).filter(config.issuer().get()::equals).isPresent();
    }

    @Override
    public Uni<Caller> authenticate(String bearer) {
        return identities
                .authenticate(new AccessTokenCredential(bearer))
                .onFailure()
                .transform(e -> {
                    LOG.debugf("User token rejected: %s", e.getMessage());
                    return ApiException.unauthenticated(
                            "The user token is invalid, expired, or not issued for" + " audience '" + config.audience()
                                    + "' by " + config.issuer().orElse("?") + ".");
                })
                .map(identity -> (JsonWebToken) identity.getPrincipal())
                .map(this::caller);
    }

    private Caller caller(JsonWebToken token) {
        Object email = token.getClaim(config.emailClaim());
        if (!(email instanceof String value) || value.isBlank()) {
            throw ApiException.unauthenticated("The user token has no '" + config.emailClaim() + "' claim.");
        }
        return Caller.user(value);
    }
}
