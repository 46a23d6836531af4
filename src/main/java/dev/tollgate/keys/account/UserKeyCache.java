package dev.tollgate.keys.account;

import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * User-managed keys per service account in memory, so that publishing and jwt-bearer verification touch no database
 * on the warm path. Changes are announced on {@link #TOPIC} (every replica forgets the account on commit) and
 * forgotten locally right after commit.
 */
@ApplicationScoped
public class UserKeyCache {

    /** Change-feed topic; the key is the account's uniqueId. */
    static final String TOPIC = "account_keys";

    private final InvalidatingCache<String, List<UserKey>> byAccount;

    public UserKeyCache(UserKeyRepository repository, Caches caches) {
        this.byAccount = caches.<String, List<UserKey>>named(
                        "account_keys",
                        account -> Panache.withSession(() -> repository.ofAccount(account))
                                .map(rows -> rows.stream().map(UserKey::of).toList()))
                .invalidatedBy(TOPIC, account -> account);
    }

    /** The account's user-managed keys, oldest first (disabled and expired ones included). */
    Uni<List<UserKey>> keysOf(String accountUniqueId) {
        return byAccount.get(accountUniqueId);
    }

    void forget(String accountUniqueId) {
        byAccount.invalidate(accountUniqueId);
    }

    void forgetAll() {
        byAccount.invalidateAll();
    }
}
