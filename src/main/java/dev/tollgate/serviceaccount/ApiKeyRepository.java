package dev.tollgate.serviceaccount;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    Uni<List<ApiKeyEntity>> ofAccount(String accountUniqueId) {
        return list("accountUniqueId = ?1 order by keyId", accountUniqueId);
    }

    Uni<Integer> touch(String keyId, Instant usedAt) {
        return update("lastUsedTime = ?2 where keyId = ?1 and (lastUsedTime is null or lastUsedTime < ?2)",
                keyId, usedAt);
    }
}
