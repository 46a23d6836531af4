package dev.tollgate.serviceaccount;

import dev.tollgate.support.ChangeFeed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Service accounts and API keys in memory, so that authenticating an API key on the warm path touches no database.
 * Every change calls {@link #forget} after its transaction committed; a load that was under way while something was
 * forgotten does not store what it read (the epoch moved), so a stale state cannot come back.
 *
 * <p>Writers also {@link #announce} the change inside their transaction; the {@link ChangeFeed} delivers it on
 * commit to every replica, whose cache then forgets it (and forgets everything after the feed reconnects).
 */
@ApplicationScoped
public class CredentialCache {

    static final String TOPIC = "service_accounts";

    /** What authentication needs of an API key. */
    record CachedKey(String keyId, String accountUniqueId, byte[] secretHash, boolean disabled, Instant expireTime) {
        static CachedKey of(ApiKeyEntity row) {
            return new CachedKey(row.keyId, row.accountUniqueId, row.secretHash, row.disabled, row.expireTime);
        }
    }

    private final ServiceAccountRepository accounts;
    private final ApiKeyRepository keys;
    private final Map<String, ServiceAccountView> accountsById = new ConcurrentHashMap<>();
    private final Map<String, String> idsByEmail = new ConcurrentHashMap<>();
    private final Map<String, CachedKey> keysById = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final ChangeFeed changes;

    public CredentialCache(ServiceAccountRepository accounts, ApiKeyRepository keys, ChangeFeed changes) {
        this.accounts = accounts;
        this.keys = keys;
        this.changes = changes;
        changes.subscribe(TOPIC, this::forget, this::forgetAll);
    }

    /** Tells every replica, when the current transaction commits, to forget {@code id} (uniqueId or keyId). */
    Uni<Void> announce(String id) {
        return changes.announce(TOPIC, id);
    }

    /** Drops what is cached under {@code id}: a service account's uniqueId or an API key's keyId. */
    public void forget(String id) {
        epoch.incrementAndGet();
        ServiceAccountView account = accountsById.remove(id);
        if (account != null) {
            idsByEmail.remove(account.email());
        }
        keysById.remove(id);
    }

    public void forgetAll() {
        epoch.incrementAndGet();
        accountsById.clear();
        idsByEmail.clear();
        keysById.clear();
    }

    /** Change notifications are delivered at most once: this bounds how long a lost one can leave a stale entry. */
    @Scheduled(every = "${tollgate.service-accounts.cache-refresh:60s}", delayed = "${tollgate.service-accounts.cache-refresh:60s}")
    void refresh() {
        forgetAll();
    }

    /** The account by uniqueId or email, deleted or not; {@code null} when there is none. */
    Uni<ServiceAccountView> account(String emailOrUniqueId) {
        String uniqueId = AccountNames.isUniqueId(emailOrUniqueId) ? emailOrUniqueId : idsByEmail.get(emailOrUniqueId);
        ServiceAccountView cached = uniqueId == null ? null : accountsById.get(uniqueId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long seen = epoch.get();
        return Panache.withSession(() -> AccountNames.isUniqueId(emailOrUniqueId)
                        ? accounts.findById(emailOrUniqueId) : accounts.byEmail(emailOrUniqueId))
                .map(row -> row == null ? null : ServiceAccountView.of(row))
                .invoke(view -> remember(view, seen));
    }

    /** The key by keyId; {@code null} when there is none. */
    Uni<CachedKey> key(String keyId) {
        CachedKey cached = keysById.get(keyId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long seen = epoch.get();
        return Panache.withSession(() -> keys.findById(keyId))
                .map(row -> row == null ? null : CachedKey.of(row))
                .invoke(key -> {
                    if (key != null && epoch.get() == seen) {
                        keysById.put(keyId, key);
                    }
                });
    }

    private void remember(ServiceAccountView view, long seen) {
        if (view != null && epoch.get() == seen) {
            accountsById.put(view.uniqueId(), view);
            idsByEmail.put(view.email(), view.uniqueId());
        }
    }
}
