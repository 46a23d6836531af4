package dev.tollgate.serviceaccount;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.CallerAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Service-account API keys ({@code Bearer tg_…}, docs/api.md "API keys"): the caller is the key's service account. */
@ApplicationScoped
public class ApiKeyAuthenticator implements CallerAuthenticator {

    private final ServiceAccounts accounts;

    public ApiKeyAuthenticator(ServiceAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean accepts(String bearer) {
        return bearer.startsWith(ApiKeyFormat.PREFIX);
    }

    @Override
    public Uni<Caller> authenticate(String bearer) {
        return accounts.verify(bearer).map(key -> Caller.serviceAccount(key.email(), key.uniqueId(), key.home()));
    }
}
