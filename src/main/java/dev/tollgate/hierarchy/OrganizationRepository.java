package dev.tollgate.hierarchy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<OrganizationEntity, String> {

    Uni<List<OrganizationEntity>> page(String after, int size) {
        return find("orgId > ?1 order by orgId", after).range(0, size - 1).list();
    }
}
