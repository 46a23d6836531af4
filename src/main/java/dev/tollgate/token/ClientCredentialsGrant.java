package dev.tollgate.token;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.serviceaccount.ApiKeyPrincipal;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
    private final Hierarchy hierarchy;

    public ClientCredentialsGrant(ServiceAccounts accounts, AccountTokens tokens, TokenAudit audit,
            Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
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
                .onFailure(OAuthException.class).call(e -> auditRefusal(client, (OAuthException) e));
    }

    /** Shown in the account's audit logs when the client names an existing account, else in none. */
    private Uni<Void> auditRefusal(ClientSecret client, OAuthException e) {
        return accounts.find(client.clientId())
                .flatMap(account -> hierarchy.lineageNames(account.home()).call(within -> audit.refused(GRANT_TYPE,
                        "serviceAccount:" + account.email(), account.resource(), within, Optional.empty(), e,
                        Map.of())))
                .onFailure().recoverWithItem(() -> {
                    audit.refused(GRANT_TYPE, "client:" + AccountTokenRequest.shortened(client.clientId()),
                            TokenAudit.ENDPOINT, List.of(), Optional.empty(), e, Map.of());
                    return List.of();
                })
                .replaceWithVoid();
    }

    private static void requireOwnKey(ClientSecret client, ApiKeyPrincipal key) {
        if (!client.clientId().equals(key.email()) && !client.clientId().equals(key.uniqueId())) {
            throw OAuthException.invalidClient("The API key " + key.keyId() + " does not belong to client '"
                    + AccountTokenRequest.shortened(client.clientId()) + "'.");
        }
    }
}
