package dev.tollgate.federation.admin;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ProviderRepository implements PanacheRepositoryBase<ProviderEntity, String> {

    Uni<List<ProviderEntity>> page(String poolResource, boolean showDeleted, String after, int size) {
        String deleted = showDeleted ? "" : " and deleteTime is null";
        return find("poolResource = ?1 and providerId > ?2" + deleted + " order by providerId", poolResource, after)
                .range(0, size - 1)
                .list();
    }

    Uni<Long> purge(Instant deletedBefore) {
        return delete("deleteTime < ?1", deletedBefore);
    }
}
