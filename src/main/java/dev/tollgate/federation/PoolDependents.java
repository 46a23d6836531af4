package dev.tollgate.federation;

import dev.tollgate.support.Dependents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A project with live (not deleted) workload identity pools cannot be deleted. */
@ApplicationScoped
public class PoolDependents implements Dependents {

    private final PoolRepository pools;

    public PoolDependents(PoolRepository pools) {
        this.pools = pools;
    }

    @Override
    public String what() {
        return "workload identity pools";
    }

    @Override
    public Uni<Long> countIn(String hierarchyResource) {
        if (!hierarchyResource.startsWith("projects/")) {
            return Uni.createFrom().item(0L);
        }
        return pools.count("projectId = ?1 and deleteTime is null", hierarchyResource.substring("projects/".length()));
    }
}
