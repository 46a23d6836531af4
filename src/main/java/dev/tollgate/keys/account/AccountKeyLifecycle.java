package dev.tollgate.keys.account;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.serviceaccount.ServiceAccountLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps account key sets in step with accounts: a new account gets its system-managed keys at once (instead of on
 * first use), and a purged account's keys, system- and user-managed, are deleted (their kids stay reserved).
 */
@ApplicationScoped
public class AccountKeyLifecycle {

    private static final Logger LOG = Logger.getLogger(AccountKeyLifecycle.class);

    private final KeyRing ring;
    private final UserKeyRepository userKeys;
    private final UserKeyCache userKeyCache;

    public AccountKeyLifecycle(KeyRing ring, UserKeyRepository userKeys, UserKeyCache userKeyCache) {
        this.ring = ring;
        this.userKeys = userKeys;
        this.userKeyCache = userKeyCache;
    }

    void created(@Observes ServiceAccountLifecycle.Created event) {
        ring.ensureKeySet(KeySets.serviceAccount(event.uniqueId()))
                .subscribe()
                .with(
                        ok -> LOG.debugf("System keys made for account %s", event.uniqueId()),
                        failure -> LOG.warnf(
                                "System keys of account %s not made yet (%s); they are made on first use",
                                event.uniqueId(), failure.getMessage()));
    }

    void purged(@Observes ServiceAccountLifecycle.Purged event) {
        ring.removeKeySet(KeySets.serviceAccount(event.uniqueId()))
                .chain(() -> Panache.withTransaction(() -> userKeys.delete("accountUniqueId", event.uniqueId())))
                .invoke(() -> userKeyCache.forget(event.uniqueId()))
                .subscribe()
                .with(
                        deleted -> LOG.infof("Deleted the keys of purged account %s", event.uniqueId()),
                        failure -> LOG.errorf(
                                "Keys of purged account %s not deleted: %s", event.uniqueId(), failure.getMessage()));
    }
}
