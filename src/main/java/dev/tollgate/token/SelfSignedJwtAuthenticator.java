package dev.tollgate.token;

import dev.tollgate.iam.BearerRefusal;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.CallerAuthenticator;
import dev.tollgate.keys.account.AssertionVerifier;
import dev.tollgate.keys.account.AssertionVerifier.VerifiedAssertion;
import dev.tollgate.support.OAuthException;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Callers presenting a JWT they signed with one of their service account's user-managed keys, Google's "service
 * account authorization without OAuth" (docs/api.md "Self-signed JWTs"): what Google's libraries send instead of an
 * access token in universes other than googleapis.com. Recognised by an {@code iss} that is a service-account email
 * of this server's IAM domain; verified like a jwt-bearer assertion, except that {@code aud} names this API (or is
 * absent, with an API scope in {@code scope}) and the JWT may be presented again within its lifetime.
 */
@ApplicationScoped
public class SelfSignedJwtAuthenticator implements CallerAuthenticator {

    private final AssertionVerifier verifier;
    private final String accountDomainSuffix;

    public SelfSignedJwtAuthenticator(AssertionVerifier verifier, TollgateConfig server) {
        this.verifier = verifier;
        this.accountDomainSuffix = "." + server.iamDomain();
    }

    @Override
    public boolean accepts(String bearer) {
        String iss = FederatedTokens.unverifiedClaim(bearer, "iss");
        return iss != null && iss.indexOf('@') > 0 && iss.endsWith(accountDomainSuffix);
    }

    @Override
    public Uni<Caller> authenticate(String bearer) {
        return Uni.createFrom()
                .deferred(() -> verifier.verifySelfSigned(bearer))
                .onFailure(OAuthException.class)
                .transform(e -> BearerRefusal.invalidToken("The self-signed JWT is " + "refused: " + e.getMessage()))
                .map(SelfSignedJwtAuthenticator::caller);
    }

    private static Caller caller(VerifiedAssertion verified) {
        if (verified.claims().get("aud") == null) {
            List<String> scopes = ApiScopes.of(verified.claims().get("scope"));
            if (!ApiScopes.allowApi(scopes)) {
                throw BearerRefusal.invalidToken("The self-signed JWT has no aud and its scope " + scopes
                        + " does not include " + ApiScopes.CLOUD_PLATFORM + " or " + ApiScopes.IAM + ".");
            }
        }
        return Caller.serviceAccount(
                verified.account().email(),
                verified.account().uniqueId(),
                verified.account().home());
    }
}
