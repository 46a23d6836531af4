package dev.tollgate.federation.admin;

import dev.tollgate.support.Dependents;
import dev.tollgate.support.InOrder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A project with live (not deleted) workload identity pools cannot be deleted; when it is, its deleted pools and their
 * providers go with it, so none can be undeleted into a project that is gone.
 */
@ApplicationScoped
public class PoolDependents implements Dependents {

    private final PoolRepository pools;
    private final PoolLocator locator;
    private final ProviderDirectory directory;

    public PoolDependents(PoolRepository pools, PoolLocator locator, ProviderDirectory directory) {
        this.pools = pools;
        this.locator = locator;
        this.directory = directory;
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

    /** Providers go with their pool (the foreign key cascades); every replica drops what it cached for them. */
    @Override
    public Uni<Runnable> removeIn(String hierarchyResource) {
        if (!hierarchyResource.startsWith("projects/")) {
            return Uni.createFrom().item((Runnable) () -> {});
        }
        String projectId = hierarchyResource.substring("projects/".length());
        return locator.project(projectId)
                .flatMap(project -> pools.list("projectId", projectId)
                        .map(rows -> rows.stream()
                                .map(row -> locator.at(project, row.poolId).publicName())
                                .toList())
                        .call(names -> pools.delete("projectId", projectId))
                        .call(this::announce)
                        .map(names -> (Runnable) () -> names.forEach(directory::forgetPool)));
    }

    private Uni<Void> announce(List<String> poolNames) {
        return InOrder.each(poolNames, directory::announce);
    }
}
