package dev.tollgate.policy;

import dev.tollgate.support.Dependents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A deleted organization, team or project takes its organization policies and settings along. */
@ApplicationScoped
public class OrgPolicyDependents implements Dependents {

    private final OrgPolicyRepository policies;
    private final OrgSettingRepository settings;
    private final OrgPolicyStore store;

    public OrgPolicyDependents(OrgPolicyRepository policies, OrgSettingRepository settings, OrgPolicyStore store) {
        this.policies = policies;
        this.settings = settings;
        this.store = store;
    }

    @Override
    public String what() {
        return "organization policies and settings";
    }

    @Override
    public Uni<Runnable> removeIn(String hierarchyResource) {
        return policies.delete("resource", hierarchyResource)
                .call(() -> settings.delete("resource", hierarchyResource))
                .call(() -> store.announce(hierarchyResource))
                .map(ignored -> (Runnable) () -> store.forget(hierarchyResource));
    }
}
