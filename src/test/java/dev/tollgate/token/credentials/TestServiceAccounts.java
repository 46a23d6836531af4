package dev.tollgate.token.credentials;

import dev.tollgate.support.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service accounts for the credentials API tests, held in memory. Interim: replaced by accounts created through
 * {@code POST /v1/{home}/serviceAccounts} once the service-account feature is on main.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestServiceAccounts implements AccountLookup {

    private final Map<String, ImpersonatedAccount> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idsByEmail = new ConcurrentHashMap<>();

    /** A fresh team-scoped account in {@code teams/{team}}. */
    public ImpersonatedAccount inTeam(String team) {
        return add(new ImpersonatedAccount(Ids.decimal(21), accountId() + "@" + team + ".team.tollgate.local",
                "teams/" + team, Optional.empty(), false));
    }

    /** A fresh org-scoped account in {@code organizations/{org}} writing to {@code teams/{defaultTeam}}. */
    public ImpersonatedAccount inOrganization(String org, String defaultTeam) {
        return add(new ImpersonatedAccount(Ids.decimal(21), accountId() + "@" + org + ".org.tollgate.local",
                "organizations/" + org, Optional.of("teams/" + defaultTeam), false));
    }

    public void disable(ImpersonatedAccount account) {
        byId.put(account.uniqueId(), new ImpersonatedAccount(account.uniqueId(), account.email(), account.home(),
                account.defaultTeam(), true));
    }

    public void delete(ImpersonatedAccount account) {
        byId.remove(account.uniqueId());
        idsByEmail.remove(account.email());
    }

    @Override
    public Uni<Optional<ImpersonatedAccount>> find(String emailOrUniqueId) {
        String id = emailOrUniqueId.contains("@") ? idsByEmail.get(emailOrUniqueId) : emailOrUniqueId;
        return Uni.createFrom().item(Optional.ofNullable(id == null ? null : byId.get(id)));
    }

    private ImpersonatedAccount add(ImpersonatedAccount account) {
        byId.put(account.uniqueId(), account);
        idsByEmail.put(account.email(), account.uniqueId());
        return account;
    }

    private static String accountId() {
        return "sa-" + Ids.hex(6);
    }
}
