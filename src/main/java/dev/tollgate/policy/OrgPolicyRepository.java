package dev.tollgate.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OrgPolicyRepository implements PanacheRepositoryBase<OrgPolicyEntity, String> {

    Uni<List<OrgPolicyEntity>> on(String resource) {
        return list("resource", resource);
    }
}
