package dev.tollgate.token;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.keys.AssertionVerifier;
import dev.tollgate.keys.AssertionVerifier.VerifiedAssertion;
import dev.tollgate.keys.KeySets;
import dev.tollgate.serviceaccount.ApiKeyPrincipal;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT bearer grant (RFC 7523 §2.1), the flow of service-account key files: an assertion signed by a user-managed
 * key buys an access token for {@code scope}, or an ID token for {@code target_audience} (contract §7.2).
 */
@ApplicationScoped
public class JwtBearerGrant implements Grant {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final int MAX_AUDIENCE_LENGTH = 1024;

    private final AssertionVerifier verifier;
    private final AccountTokens accessTokens;
    private final IdTokens idTokens;
    private final ServiceAccounts accounts;
    private final Hierarchy hierarchy;
    private final TokenAudit audit;

    public JwtBearerGrant(AssertionVerifier verifier, AccountTokens accessTokens, IdTokens idTokens,
            ServiceAccounts accounts, Hierarchy hierarchy, TokenAudit audit) {
        this.verifier = verifier;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.accounts = accounts;
        this.hierarchy = hierarchy;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request) {
        return Uni.createFrom().deferred(() -> verifier.verify(request.required("assertion")))
                .onFailure(OAuthException.class).invoke(e -> audit.refusedUnknown(GRANT_TYPE, (OAuthException) e))
                .chain(verified -> {
                    TokenRequest asked = withClaims(request, verified.claims());
                    Optional<String> targetAudience = targetAudience(asked);
                    return targetAudience.isPresent() ? idToken(verified, targetAudience.get())
                            : accessTokens.issue(GRANT_TYPE, principal(verified), asked);
                });
    }

    /**
     * Google's clients put {@code scope} and {@code target_audience} in the assertion's claims, not in the form
     * (RFC 7523 §2.1 leaves that open); a form parameter is used when the claim is absent.
     */
    private static TokenRequest withClaims(TokenRequest request, Map<String, Object> claims) {
        Map<String, List<String>> parameters = new HashMap<>(request.parameters());
        for (String name : List.of("scope", "target_audience")) {
            if (claims.get(name) instanceof String value && !parameters.containsKey(name)) {
                parameters.put(name, List.of(value));
            }
        }
        return new TokenRequest(parameters, request.authorizationHeader());
    }

    /** The account as the access-token path knows a verified credential; the key id is the assertion's kid. */
    private static ApiKeyPrincipal principal(VerifiedAssertion verified) {
        ServiceAccountView account = verified.account();
        return new ApiKeyPrincipal(account.email(), account.uniqueId(), account.home(), account.defaultTeam(),
                account.disabled(), verified.kid());
    }

    private Uni<TokenResponse> idToken(VerifiedAssertion verified, String audience) {
        ServiceAccountView account = verified.account();
        MintedToken token = idTokens.mint(new IdTokenContext(account.uniqueId(), audience, account.uniqueId(),
                Optional.of(account.email()), KeySets.SERVER));
        accounts.markUsed(account.uniqueId());
        return hierarchy.lineageNames(account.home())
                .flatMap(within -> audit.issued(GRANT_TYPE, "serviceAccount:" + account.email(), account.resource(),
                        within, Optional.empty(), Map.of("keyId", verified.kid(), "jti", token.jti(), "audience",
                                audience, "tokenType", "id_token")))
                .replaceWith(() -> TokenResponse.idTokenOnly(token));
    }

    private static Optional<String> targetAudience(TokenRequest request) {
        Optional<String> audience = request.single("target_audience");
        if (audience.isPresent() && request.single("scope").isPresent()) {
            throw OAuthException.invalidRequest("Send scope (for an access token) or target_audience (for an ID "
                    + "token), not both.");
        }
        audience.ifPresent(value -> {
            if (value.isBlank() || value.length() > MAX_AUDIENCE_LENGTH) {
                throw OAuthException.invalidRequest("target_audience must be 1 to " + MAX_AUDIENCE_LENGTH
                        + " characters.");
            }
        });
        return audience;
    }
}
