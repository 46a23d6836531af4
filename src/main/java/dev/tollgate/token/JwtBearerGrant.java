package dev.tollgate.token;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.account.AccountKeysConfig;
import dev.tollgate.keys.account.AssertionVerifier;
import dev.tollgate.keys.account.AssertionVerifier.VerifiedAssertion;
import dev.tollgate.serviceaccount.AuthenticatedAccount;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT bearer grant (RFC 7523 §2.1), the flow of service-account key files: an assertion signed by a user-managed
 * key buys an access token for {@code scope}, or an ID token for {@code target_audience} (docs/api.md "Token endpoint").
 */
@ApplicationScoped
public class JwtBearerGrant implements Grant {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final int MAX_AUDIENCE_LENGTH = 1024;
    /** Request parameters an assertion may also carry as claims; the signed claim applies. */
    private static final List<String> SIGNABLE =
            List.of("scope", "target_audience", "audience", "entity", "username", "user_email");

    private final AssertionVerifier verifier;
    private final AccountTokens accessTokens;
    private final IdTokens idTokens;
    private final ServiceAccounts accounts;
    private final Hierarchy hierarchy;
    private final TokenAudit audit;
    private final UsedAssertions used;
    private final AccountKeysConfig keysConfig;

    public JwtBearerGrant(
            AssertionVerifier verifier,
            AccountTokens accessTokens,
            IdTokens idTokens,
            ServiceAccounts accounts,
            Hierarchy hierarchy,
            TokenAudit audit,
            UsedAssertions used,
            AccountKeysConfig keysConfig) {
        this.used = used;
        this.keysConfig = keysConfig;
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
        String assertion = request.required("assertion");
        return verifier.verify(assertion)
                .flatMap(verified -> issue(request, assertion, verified)
                        .onFailure(OAuthException.class)
                        .transform(e -> TokenRefusal.ofAccount(
                                verified.account().uniqueId(), Map.of("keyId", verified.kid()), e)));
    }

    /** What a verified assertion buys, once: an ID token for {@code target_audience}, else an access token. */
    private Uni<TokenResponse> issue(TokenRequest request, String assertion, VerifiedAssertion verified) {
        return claimOnce(assertion, verified).chain(() -> {
            TokenRequest asked = withClaims(request, verified.claims());
            Optional<String> targetAudience = targetAudience(asked);
            return targetAudience.isPresent()
                    ? idToken(verified, targetAudience.get())
                    : accessTokens.issue(
                            GRANT_TYPE, AuthenticatedAccount.byKeyFile(verified.account(), verified.kid()), asked);
        });
    }

    /** An assertion is single-use across replicas (RFC 7523 §3, item 7: {@code jti}). */
    private Uni<Void> claimOnce(String assertion, VerifiedAssertion verified) {
        return used.claim(verified.account().email(), verified.claims(), assertion, expiry(verified.claims()));
    }

    /**
     * Google's clients put {@code scope} and {@code target_audience} in the assertion's claims, not in the form
     * (RFC 7523 §2.1 leaves that open). A signed claim is what applies: a form parameter may add what the assertion
     * does not say, but one that differs from a signed claim is {@code invalid_request}, never an override.
     */
    private static TokenRequest withClaims(TokenRequest request, Map<String, Object> claims) {
        Map<String, List<String>> parameters = new HashMap<>(request.parameters());
        for (String name : SIGNABLE) {
            if (!(claims.get(name) instanceof String signed)) {
                continue;
            }
            Optional<String> sent = request.single(name);
            if (sent.isPresent() && !same(name, sent.get(), signed)) {
                throw OAuthException.invalidRequest("Parameter '" + name + "' differs from the assertion's signed "
                        + name + " claim; send it in the assertion only.");
            }
            parameters.put(name, List.of(signed));
        }
        return new TokenRequest(parameters, request.authorizationHeader());
    }

    private static boolean same(String name, String sent, String signed) {
        return name.equals("scope")
                ? AccountTokenRequest.scopes(Optional.of(sent)).equals(AccountTokenRequest.scopes(Optional.of(signed)))
                : sent.equals(signed);
    }

    /** Until when the assertion could still be accepted: {@code exp} plus the allowed skew. */
    private Instant expiry(Map<String, Object> claims) {
        long exp = claims.get("exp") instanceof Number number ? number.longValue() : 0;
        return Instant.ofEpochSecond(exp).plus(keysConfig.assertionClockSkew());
    }

    private Uni<TokenResponse> idToken(VerifiedAssertion verified, String audience) {
        ServiceAccountView account = verified.account();
        MintedToken token = idTokens.mint(new IdTokenContext(
                account.uniqueId(), audience, account.uniqueId(), Optional.of(account.email()), KeySets.SERVER));
        accounts.markUsed(account.uniqueId());
        return hierarchy
                .lineageNames(account.home())
                .flatMap(within -> audit.issued(
                        GRANT_TYPE,
                        "serviceAccount:" + account.email(),
                        account.resource(),
                        within,
                        Optional.empty(),
                        Map.of(
                                "keyId",
                                verified.kid(),
                                "jti",
                                token.jti(),
                                "audience",
                                audience,
                                "tokenType",
                                "id_token")))
                .replaceWith(() -> TokenResponse.idTokenOnly(token));
    }

    private static Optional<String> targetAudience(TokenRequest request) {
        Optional<String> audience = request.single("target_audience");
        if (audience.isPresent() && request.single("scope").isPresent()) {
            throw OAuthException.invalidRequest(
                    "Send scope (for an access token) or target_audience (for an ID " + "token), not both.");
        }
        audience.ifPresent(value -> {
            if (value.isBlank() || value.length() > MAX_AUDIENCE_LENGTH) {
                throw OAuthException.invalidRequest(
                        "target_audience must be 1 to " + MAX_AUDIENCE_LENGTH + " characters.");
            }
        });
        return audience;
    }
}
