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
 * RFC 6749 §4.4 client credentials (docs/api.md "Token endpoint"): the client is a service account ({@code client_id} = its email or
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
                .onFailure(OAuthException.class).call(e -> auditRefusal(client, client.clientId(),
                        (OAuthException) e))
                .call(key -> requireOwnKey(client, key));
    }

    /**
     * Shown in the audit logs of account {@code accountId} when it exists (the one {@code client_id} names, or the owner of a
     * genuine key sent for another client), else in none. The client id is audited redacted: it may be a key.
     */
    private Uni<Void> auditRefusal(ClientSecret client, String accountId, OAuthException e) {
        return accounts.find(accountId)
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

    private Uni<Void> requireOwnKey(ClientSecret client, ApiKeyPrincipal key) {
        if (client.clientId().equals(key.email()) || client.clientId().equals(key.uniqueId())) {
            return Uni.createFrom().voidItem();
        }
        OAuthException e = OAuthException.invalidClient("The API key " + key.keyId() + " does not belong to client '"
                + AccountTokenRequest.shortened(client.clientId()) + "'.");
        return auditRefusal(client, key.uniqueId(), e).chain(() -> Uni.createFrom().failure(e));
    }
}
