package dev.tollgate.serviceaccount;

import dev.tollgate.support.TransactionLocks;
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

    Uni<Long> countOfAccount(String accountUniqueId) {
        return count("accountUniqueId", accountUniqueId);
    }

    /** Serialises key creation of one account until the transaction ends, so the per-account limit holds. */
    Uni<Void> lockAccount(String accountUniqueId) {
        return getSession().chain(session -> TransactionLocks.lock(session, "tollgate.api-keys", accountUniqueId));
    }

    Uni<Integer> touch(String keyId, Instant usedAt) {
        return update(
                "lastUsedTime = ?2 where keyId = ?1 and (lastUsedTime is null or lastUsedTime < ?2)", keyId, usedAt);
    }

    /** Replaces the hash of {@code keyId} if it is still {@code oldHash} (another replica may have rewritten it). */
    Uni<Integer> rehash(String keyId, byte[] oldHash, byte[] newHash) {
        return update("secretHash = ?3 where keyId = ?1 and secretHash = ?2", keyId, oldHash, newHash);
    }
}
