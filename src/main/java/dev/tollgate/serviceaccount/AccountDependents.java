package dev.tollgate.serviceaccount;

import dev.tollgate.support.Dependents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A home with live (not deleted) service accounts cannot be deleted; when it is, its deleted accounts are purged with
 * it, so none can be undeleted into a home that is gone.
 */
@ApplicationScoped
public class AccountDependents implements Dependents {

    private final ServiceAccountRepository accounts;
    private final AccountPurge purge;

    public AccountDependents(ServiceAccountRepository accounts, AccountPurge purge) {
        this.accounts = accounts;
        this.purge = purge;
    }

    @Override
    public String what() {
        return "service accounts";
    }

    @Override
    public Uni<Long> countIn(String hierarchyResource) {
        return accounts.countActive(hierarchyResource);
    }

    @Override
    public Uni<Runnable> removeIn(String hierarchyResource) {
        return purge.purgeHome(hierarchyResource);
    }
}
