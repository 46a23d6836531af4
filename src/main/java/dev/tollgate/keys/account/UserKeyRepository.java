package dev.tollgate.keys.account;

import dev.tollgate.support.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class UserKeyRepository implements PanacheRepositoryBase<UserKeyEntity, String> {

    Uni<List<UserKeyEntity>> ofAccount(String accountUniqueId) {
        return list("accountUniqueId = ?1 order by createTime, kid", accountUniqueId);
    }

    Uni<Long> countOfAccount(String accountUniqueId) {
        return count("accountUniqueId", accountUniqueId);
    }

    /** Serialises key changes of one account until the transaction ends, so the per-account limit holds. */
    Uni<Void> lockAccount(String accountUniqueId) {
        return getSession().chain(session -> TransactionLocks.lock(session, "tollgate.account-keys", accountUniqueId));
    }

    /** The key set a kid was ever registered to, or {@code null}: kids are never reused. */
    Uni<String> kidOwner(String kid) {
        return getSession()
                .chain(session -> session.createNativeQuery("SELECT key_set FROM key_ids WHERE kid = ?1", String.class)
                        .setParameter(1, kid)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    Uni<Void> registerKid(String kid, String keySet, Instant at) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO key_ids (kid, key_set, created_at) VALUES (?1, ?2, ?3)")
                        .setParameter(1, kid)
                        .setParameter(2, keySet)
                        .setParameter(3, at)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
