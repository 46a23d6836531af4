package dev.tollgate.token;

import dev.tollgate.serviceaccount.ApiKeyPrincipal;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6749 §4.4 client credentials (contract §7.1): the client is a service account ({@code client_id} = its email or
 * uniqueId) and its secret an API key, in the form or as HTTP Basic.
 */
@ApplicationScoped
public class ClientCredentialsGrant implements Grant {

    public static final String GRANT_TYPE = "client_credentials";

    private final ServiceAccounts accounts;
    private final AccountTokens tokens;
    private final TokenAudit audit;

    public ClientCredentialsGrant(ServiceAccounts accounts, AccountTokens tokens, TokenAudit audit) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request) {
        return Uni.createFrom().deferred(() -> authenticate(request))
                .flatMap(key -> tokens.issue(GRANT_TYPE, key, request));
    }

    /** The API key's account; 401 {@code invalid_client} for anything wrong with the client's credentials. */
    private Uni<ApiKeyPrincipal> authenticate(TokenRequest request) {
        ClientSecret client;
        try {
            client = ClientSecret.from(request).orElseThrow(() -> OAuthException.invalidClient("Client"
                    + " authentication is required: client_id and client_secret (an API key), in the form or as"
                    + " HTTP Basic."));
        } catch (OAuthException e) {
            audit.refusedUnknown(GRANT_TYPE, e);
            throw e;
        }
        return accounts.verify(client.secret())
                .onFailure(ApiException.class).transform(e -> OAuthException.invalidClient(e.getMessage()))
                .invoke(key -> requireOwnKey(client, key))
                .onFailure(OAuthException.class).invoke(e -> audit.refused(GRANT_TYPE, "client:"
                        + AccountTokenRequest.shortened(client.clientId()), TokenAudit.ENDPOINT,
                        java.util.List.of(), Optional.empty(), (OAuthException) e, Map.of()));
    }

    private static void requireOwnKey(ClientSecret client, ApiKeyPrincipal key) {
        if (!client.clientId().equals(key.email()) && !client.clientId().equals(key.uniqueId())) {
            throw OAuthException.invalidClient("The API key " + key.keyId() + " does not belong to client '"
                    + AccountTokenRequest.shortened(client.clientId()) + "'.");
        }
    }
}
