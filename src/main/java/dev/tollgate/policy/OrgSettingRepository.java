package dev.tollgate.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OrgSettingRepository implements PanacheRepositoryBase<OrgSettingEntity, String> {

    Uni<List<OrgSettingEntity>> on(String resource) {
        return list("resource", resource);
    }
}
