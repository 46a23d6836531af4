package dev.tollgate.token;

import dev.tollgate.iam.Caller;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Whether the identity behind a verified own token may still act (docs/api.md "Service accounts", §6): a disabled or deleted service
 * account, or a disabled pool or provider, makes its tokens inactive at once. Answered from the owners' caches, which
 * they invalidate on every change.
 */
@ApplicationScoped
public class OwnTokenStates {

    private final ServiceAccounts accounts;
    private final FederatedTokens federated;

    public OwnTokenStates(ServiceAccounts accounts, FederatedTokens federated) {
        this.accounts = accounts;
        this.federated = federated;
    }

    /** The caller the token stands for; empty when its account or pool can no longer act. */
    public Uni<Optional<Caller>> caller(VerifiedToken token) {
        if (token.federated()) {
            return federated.caller(token);
        }
        return accounts.find(token.subject())
                .map(account -> account.usable()
                        ? Optional.of(Caller.serviceAccount(account.email(), account.uniqueId(), account.home()))
                        : Optional.<Caller>empty())
                .onFailure(ApiException.class)
                .recoverWithItem(Optional.empty());
    }
}
