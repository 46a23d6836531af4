package dev.tollgate.hierarchy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RetiredIdRepository implements PanacheRepositoryBase<RetiredIdEntity, String> {

    Uni<Boolean> numberRetired(String projectNumber) {
        return count("projectNumber", projectNumber).map(count -> count > 0);
    }
}
