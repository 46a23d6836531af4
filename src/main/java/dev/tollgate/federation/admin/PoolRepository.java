package dev.tollgate.federation.admin;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class PoolRepository implements PanacheRepositoryBase<PoolEntity, String> {

    Uni<List<PoolEntity>> page(String projectId, boolean showDeleted, String after, int size) {
        String deleted = showDeleted ? "" : " and deleteTime is null";
        return find("projectId = ?1 and poolId > ?2" + deleted + " order by poolId", projectId, after)
                .range(0, size - 1)
                .list();
    }

    Uni<Long> purge(Instant deletedBefore) {
        return delete("deleteTime < ?1", deletedBefore);
    }
}
