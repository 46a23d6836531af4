package dev.tollgate.support;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** PostgreSQL advisory locks held until the session's transaction ends (commit or rollback), for writers that serialise per key. */
public final class TransactionLocks {

    private TransactionLocks() {}

    /** Waits for the lock on ({@code namespace}, {@code key}), e.g. one account's keys while a per-account limit is checked. */
    public static Uni<Void> lock(Mutiny.Session session, String namespace, String key) {
        return session.createNativeQuery(
                        "SELECT CAST(pg_advisory_xact_lock(hashtext(?1), hashtext(?2)) AS text)", String.class)
                .setParameter(1, namespace)
                .setParameter(2, key)
                .getSingleResult()
                .replaceWithVoid();
    }
}
