package dev.tollgate.token;

import dev.tollgate.serviceaccount.AuthenticatedAccount;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * RFC 6749 §4.4 client credentials (docs/api.md "Token endpoint"): the client is a service account ({@code client_id} = its email or
 * uniqueId) and its secret an API key, in the form or as HTTP Basic.
 */
@ApplicationScoped
public class ClientCredentialsGrant implements Grant {

    public static final String GRANT_TYPE = "client_credentials";

    private final ServiceAccounts accounts;
    private final AccountTokens tokens;

    public ClientCredentialsGrant(ServiceAccounts accounts, AccountTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request) {
        ClientSecret client = ClientSecret.from(request)
                .orElseThrow(() -> OAuthException.invalidClient("Client"
                        + " authentication is required: client_id and client_secret (an API key), in the form or as"
                        + " HTTP Basic."));
        return authenticate(client).flatMap(account -> tokens.issue(GRANT_TYPE, account, request));
    }

    /**
     * The API key's account; 401 {@code invalid_client} for anything wrong with the client's credentials, refused
     * in the log of the account {@code client_id} names (or of the owner of a genuine key sent for another client).
     */
    private Uni<AuthenticatedAccount> authenticate(ClientSecret client) {
        return accounts.verify(client.secret())
                .onFailure(ApiException.class)
                .transform(e -> OAuthException.invalidClient(e.getMessage()))
                .onFailure(OAuthException.class)
                .transform(e -> TokenRefusal.ofAccount(client.clientId(), Map.of(), e))
                .invoke(account -> requireOwnKey(client, account));
    }

    private static void requireOwnKey(ClientSecret client, AuthenticatedAccount account) {
        if (!client.clientId().equals(account.email()) && !client.clientId().equals(account.uniqueId())) {
            throw TokenRefusal.ofAccount(
                    account.uniqueId(),
                    Map.of(),
                    OAuthException.invalidClient("The API key "
                            + account.keyId() + " does not belong to client '"
                            + AccountTokenRequest.shortened(client.clientId()) + "'."));
        }
    }
}
