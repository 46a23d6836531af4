package dev.tollgate.token;

import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 8693 token exchange (docs/api.md "Token endpoint"): an external JWT for a federated access token, or an API key for the
 * service account's token. {@code options} (Google STS) is accepted and ignored, however many times it was encoded.
 */
@ApplicationScoped
public class TokenExchangeGrant implements Grant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String API_KEY = "urn:tollgate:params:oauth:token-type:api-key";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    private static final Set<String> ISSUABLE = Set.of(TokenResponse.ACCESS_TOKEN_TYPE);

    private final ServiceAccounts accounts;
    private final AccountTokens accountTokens;
    private final FederatedTokens federatedTokens;

    public TokenExchangeGrant(ServiceAccounts accounts, AccountTokens accountTokens, FederatedTokens federatedTokens) {
        this.accounts = accounts;
        this.accountTokens = accountTokens;
        this.federatedTokens = federatedTokens;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request) {
        String subjectToken = request.required("subject_token");
        String subjectTokenType = request.required("subject_token_type");
        requireIssuable(request.single("requested_token_type"));
        request.single("options");
        return switch (subjectTokenType) {
            case API_KEY -> apiKey(subjectToken, request);
            case JWT, ID_TOKEN -> federatedTokens.exchange(subjectToken, subjectTokenType, request);
            default ->
                throw OAuthException.invalidRequest("subject_token_type '"
                        + AccountTokenRequest.shortened(subjectTokenType) + "' is not supported; use " + JWT + ", "
                        + ID_TOKEN + " or " + API_KEY + ".");
        };
    }

    /** The subject is the grant here, not client authentication: a bad API key is {@code invalid_grant}. */
    private Uni<TokenResponse> apiKey(String keyString, TokenRequest request) {
        return accounts.verify(keyString)
                .onFailure(ApiException.class)
                .transform(e -> OAuthException.invalidGrant(e.getMessage()))
                .flatMap(account -> accountTokens.issue(GRANT_TYPE, account, request));
    }

    private static void requireIssuable(Optional<String> requested) {
        requested.filter(type -> !ISSUABLE.contains(type)).ifPresent(type -> {
            throw OAuthException.invalidRequest("requested_token_type '" + AccountTokenRequest.shortened(type)
                    + "' is not supported; this server issues " + TokenResponse.ACCESS_TOKEN_TYPE + ".");
        });
    }
}
