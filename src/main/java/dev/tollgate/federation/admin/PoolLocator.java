package dev.tollgate.federation.admin;

import dev.tollgate.federation.FederatedPrincipals;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves the {@code {p}} of a pool path, a project id or a project number, and checks pool and provider ids. */
@ApplicationScoped
public class PoolLocator {

    private final Hierarchy hierarchy;
    private final FederatedPrincipals principals;

    public PoolLocator(Hierarchy hierarchy, FederatedPrincipals principals) {
        this.hierarchy = hierarchy;
        this.principals = principals;
    }

    /** The project named by id or by number; NOT_FOUND when absent. */
    public Uni<Node> project(String idOrNumber) {
        return hierarchy.project(idOrNumber);
    }

    public Uni<PoolLocation> locate(String idOrNumber, String poolId) {
        return project(idOrNumber).map(project -> at(project, poolId));
    }

    public PoolLocation at(Node project, String poolId) {
        return new PoolLocation(project.id(), principals.pool(project.projectNumber(), poolId));
    }
}
