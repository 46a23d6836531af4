package dev.tollgate.keys;

import dev.tollgate.support.ChangeFeed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * User-managed keys per service account in memory, so that publishing and jwt-bearer verification touch no database
 * on the warm path. Changes are announced on {@link #TOPIC} (every replica forgets the account on commit) and
 * forgotten locally right after commit; a load that overlapped a forget does not store what it read.
 */
@ApplicationScoped
public class UserKeyCache {

    /** Change-feed topic; the key is the account's uniqueId. */
    static final String TOPIC = "account_keys";

    private final UserKeyRepository repository;
    private final Map<String, List<UserKey>> byAccount = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    public UserKeyCache(UserKeyRepository repository) {
        this.repository = repository;
    }

    void listen(@Observes StartupEvent event, ChangeFeed feed) {
        feed.subscribe(TOPIC, this::forget, this::forgetAll);
    }

    /** The account's user-managed keys, oldest first (disabled and expired ones included). */
    Uni<List<UserKey>> keysOf(String accountUniqueId) {
        List<UserKey> cached = byAccount.get(accountUniqueId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long seen = epoch.get();
        return Panache.withSession(() -> repository.ofAccount(accountUniqueId))
                .map(rows -> rows.stream().map(UserKey::of).toList())
                .invoke(keys -> {
                    if (epoch.get() == seen) {
                        byAccount.put(accountUniqueId, keys);
                    }
                });
    }

    void forget(String accountUniqueId) {
        epoch.incrementAndGet();
        byAccount.remove(accountUniqueId);
    }

    void forgetAll() {
        epoch.incrementAndGet();
        byAccount.clear();
    }
}
