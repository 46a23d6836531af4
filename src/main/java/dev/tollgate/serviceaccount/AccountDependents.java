package dev.tollgate.serviceaccount;

import dev.tollgate.support.Dependents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A home with live (not deleted) service accounts cannot be deleted. */
@ApplicationScoped
public class AccountDependents implements Dependents {

    private final ServiceAccountRepository accounts;

    public AccountDependents(ServiceAccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public String what() {
        return "service accounts";
    }

    @Override
    public Uni<Long> countIn(String hierarchyResource) {
        return accounts.countActive(hierarchyResource);
    }
}
