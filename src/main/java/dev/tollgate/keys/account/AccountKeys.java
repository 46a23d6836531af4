package dev.tollgate.keys.account;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of a service account, from memory on the warm path: its system-managed key set
 * ({@link KeySets#serviceAccount}, made on first use and rotated by {@link KeyRotator}) and its user-managed keys.
 */
@ApplicationScoped
public class AccountKeys {

    private final ServiceAccounts accounts;
    private final KeyRing ring;
    private final UserKeyCache userKeys;
    private final Clock clock;

    public AccountKeys(ServiceAccounts accounts, KeyRing ring, UserKeyCache userKeys, Clock clock) {
        this.accounts = accounts;
        this.ring = ring;
        this.userKeys = userKeys;
        this.clock = clock;
    }

    /** The keys to publish for the account {@code emailOrUniqueId} (docs/api.md "Public keys and discovery"); NOT_FOUND for unknown accounts. */
    public Uni<AccountKeySet> published(String emailOrUniqueId) {
        return accounts.find(emailOrUniqueId)
                .chain(account -> systemKeys(account.uniqueId())
                        .chain(system -> userKeys.keysOf(account.uniqueId()).map(user -> {
                            Instant now = clock.instant();
                            List<PublishedKey> keys = new ArrayList<>(system);
                            user.stream()
                                    .filter(key -> key.usableAt(now))
                                    .map(UserKey::published)
                                    .forEach(keys::add);
                            return new AccountKeySet(account.uniqueId(), List.copyOf(keys));
                        })));
    }

    /** The account's user-managed keys, oldest first, disabled and expired ones included. */
    public Uni<List<UserKey>> userKeys(ServiceAccountView account) {
        return userKeys.keysOf(account.uniqueId());
    }

    /** The account's published system-managed keys (PENDING, ACTIVE, RETIRED); makes its key set if it has none. */
    public Uni<List<PublishedKey>> systemKeys(String uniqueId) {
        String keySet = KeySets.serviceAccount(uniqueId);
        return ring.ensureLoaded(keySet)
                .chain(() -> ring.published(keySet).isEmpty()
                        ? ring.ensureKeySet(keySet)
                        : Uni.createFrom().voidItem())
                .map(ignored -> ring.published(keySet));
    }

    /** The published keys of one account. */
    public record AccountKeySet(String uniqueId, List<PublishedKey> keys) {}
}
