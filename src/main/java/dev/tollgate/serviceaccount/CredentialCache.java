package dev.tollgate.serviceaccount;

import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Service accounts and API keys in memory, so that authenticating an API key on the warm path touches no database.
 * Every change calls {@link #forget} after its transaction committed; a load that was under way while something was
 * forgotten does not store what it read, so a stale state cannot come back. Unknown key ids and emails are
 * remembered as such for {@code tollgate.cache.negative-ttl}, so guessing ids costs no database round trip each.
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

    private final InvalidatingCache<String, CachedKey> keys;
    /** Accounts by the name they were asked by: uniqueId or email. */
    private final InvalidatingCache<String, ServiceAccountView> accounts;

    private final ChangeFeed changes;

    public CredentialCache(
            ServiceAccountRepository accounts,
            ApiKeyRepository keys,
            ChangeFeed changes,
            Caches caches,
            ServiceAccountConfig config) {
        this.changes = changes;
        this.keys = caches.<String, CachedKey>named(
                        "api_keys",
                        keyId -> Panache.withSession(() -> keys.findById(keyId))
                                .map(row -> row == null ? null : CachedKey.of(row)))
                .refreshAfter(config.cacheRefresh())
                .build();
        this.accounts = caches.<String, ServiceAccountView>named(
                        "service_accounts",
                        name -> Panache.withSession(() -> AccountNames.isUniqueId(name)
                                        ? accounts.findById(name)
                                        : accounts.byEmail(name))
                                .map(row -> row == null ? null : ServiceAccountView.of(row)))
                .refreshAfter(config.cacheRefresh())
                .build();
        changes.subscribe(TOPIC, this::forget, this::refreshAll);
    }

    /**
     * Tells every replica, when the current transaction commits, to forget {@code id}: a uniqueId or keyId, or the
     * email of a new account (which drops a remembered "not found").
     */
    Uni<Void> announce(String id) {
        return changes.announce(TOPIC, id);
    }

    /** Drops what is cached under {@code id}: a service account's uniqueId or email, or an API key's keyId. */
    public void forget(String id) {
        keys.invalidate(id);
        accounts.invalidate(id);
        accounts.invalidateIf(
                (name, account) -> account != null && account.uniqueId().equals(id));
    }

    public void forgetAll() {
        keys.invalidateAll();
        accounts.invalidateAll();
    }

    private void refreshAll() {
        keys.refreshAll();
        accounts.refreshAll();
    }

    /** The account by uniqueId or email, deleted or not; {@code null} when there is none. */
    Uni<ServiceAccountView> account(String emailOrUniqueId) {
        return accounts.get(emailOrUniqueId);
    }

    /** The key by keyId; {@code null} when there is none. */
    Uni<CachedKey> key(String keyId) {
        return keys.get(keyId);
    }
}
