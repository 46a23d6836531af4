package dev.tollgate.iam;

import dev.tollgate.support.AccessGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@link AccessGuard} for the current caller: the hierarchy's and the audit log's way to ask IAM, through
 * {@link GuardedChanges} (the caller is implicit only here, because the hierarchy sits below IAM).
 */
@ApplicationScoped
public class IamAccessGuard implements AccessGuard {

    private final GuardedChanges changes;
    private final CurrentCaller caller;
    private final AllowPolicyStore policies;

    public IamAccessGuard(GuardedChanges changes, CurrentCaller caller, AllowPolicyStore policies) {
        this.changes = changes;
        this.caller = caller;
        this.policies = policies;
    }

    @Override
    public Uni<Void> require(String resource, String permission) {
        return changes.require(caller.get(), resource, permission);
    }

    @Override
    public Uni<Void> record(String method, String target, List<String> within) {
        return changes.record(caller.get(), GuardedChanges.Change.of(method, target, target), within);
    }

    /** The creator of an organization becomes its admin, as a project's creator becomes its owner in GCP. */
    @Override
    public Uni<Void> created(String resource) {
        if (!resource.startsWith("organizations/")) {
            return Uni.createFrom().voidItem();
        }
        return policies.put(
                        resource,
                        List.of(new AllowPolicy.Binding(
                                Roles.ADMIN, List.of(caller.get().member()))))
                .replaceWithVoid();
    }
}
