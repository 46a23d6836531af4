package dev.tollgate.hierarchy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<ProjectEntity, String> {

    Uni<List<ProjectEntity>> page(String teamId, String after, int size) {
        return find("teamId = ?1 and projectId > ?2 order by projectId", teamId, after)
                .range(0, size - 1)
                .list();
    }

    Uni<ProjectEntity> byNumber(String projectNumber) {
        return find("projectNumber", projectNumber).firstResult();
    }

    Uni<Long> countIn(String teamId) {
        return count("teamId", teamId);
    }
}
