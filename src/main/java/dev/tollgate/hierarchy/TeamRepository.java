package dev.tollgate.hierarchy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<TeamEntity, String> {

    Uni<List<TeamEntity>> page(String orgId, String after, int size) {
        return find("orgId = ?1 and teamId > ?2 order by teamId", orgId, after)
                .range(0, size - 1)
                .list();
    }

    Uni<List<TeamEntity>> allIn(String orgId) {
        return list("orgId", orgId);
    }

    Uni<Long> countIn(String orgId) {
        return count("orgId", orgId);
    }
}
