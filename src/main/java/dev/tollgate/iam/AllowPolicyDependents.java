package dev.tollgate.iam;

import dev.tollgate.support.Dependents;
import dev.tollgate.support.InOrder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A deleted organization, team or project takes its allow policy (and any on resources named under it) along, so
 * that nobody who ever reuses the name inherits its bindings.
 */
@ApplicationScoped
public class AllowPolicyDependents implements Dependents {

    private final AllowPolicyRepository repository;
    private final AllowPolicyStore store;

    public AllowPolicyDependents(AllowPolicyRepository repository, AllowPolicyStore store) {
        this.repository = repository;
        this.store = store;
    }

    @Override
    public String what() {
        return "allow policies";
    }

    @Override
    public Uni<Runnable> removeIn(String hierarchyResource) {
        return repository.atOrUnder(hierarchyResource).call(this::deleteAll).map(resources ->
                (Runnable) () -> resources.forEach(store::forget));
    }

    private Uni<Void> deleteAll(List<String> resources) {
        return InOrder.each(resources, store::delete);
    }
}
