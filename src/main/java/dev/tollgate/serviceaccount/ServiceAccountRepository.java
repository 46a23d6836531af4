package dev.tollgate.serviceaccount;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ServiceAccountRepository implements PanacheRepositoryBase<ServiceAccountEntity, String> {

    Uni<ServiceAccountEntity> byEmail(String email) {
        return find("email", email).firstResult();
    }

    Uni<List<ServiceAccountEntity>> page(String home, String afterEmail, int size) {
        return find("home = ?1 and deleteTime is null and email > ?2 order by email", home, afterEmail)
                .range(0, size - 1)
                .list();
    }

    Uni<Long> countActive(String home) {
        return count("home = ?1 and deleteTime is null", home);
    }

    Uni<Boolean> retired(String uniqueId) {
        return getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select count(*) from retired_service_account_ids where unique_id = :id", Long.class)
                        .setParameter("id", uniqueId)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** Deletes the account for good and retires its uniqueId; its API keys go with it. */
    Uni<Void> purge(ServiceAccountEntity account, Instant now) {
        return getSession()
                .flatMap(session -> session.createNativeQuery(
                                "insert into retired_service_account_ids (unique_id, retire_time) values (:id, :now)")
                        .setParameter("id", account.uniqueId)
                        .setParameter("now", now)
                        .executeUpdate())
                .chain(() -> delete(account));
    }

    Uni<List<ServiceAccountEntity>> deletedBefore(Instant cutoff, int limit) {
        return find("deleteTime <= ?1 order by deleteTime", cutoff)
                .range(0, limit - 1)
                .list();
    }

    /** Whether this transaction holds the purge lock (released at commit); another replica holding it → false. */
    Uni<Boolean> tryPurgeLock() {
        return getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select pg_try_advisory_xact_lock(hashtext('tollgate.service-accounts'),"
                                        + " hashtext('purge'))",
                                Boolean.class)
                        .getSingleResult());
    }

    Uni<Integer> touch(String uniqueId, Instant usedAt) {
        return update(
                "lastUsedTime = ?2 where uniqueId = ?1 and (lastUsedTime is null or lastUsedTime < ?2)",
                uniqueId,
                usedAt);
    }
}
