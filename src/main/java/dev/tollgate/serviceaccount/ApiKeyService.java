package dev.tollgate.serviceaccount;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import dev.tollgate.serviceaccount.ServiceAccountViews.ApiKey;
import dev.tollgate.serviceaccount.ServiceAccountViews.CreatedApiKey;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Timestamps;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys of a service account (docs/api.md "API keys"). The key string exists only in the answer to create; the
 * database holds its HMAC. Every change forgets the cached key after commit.
 */
@ApplicationScoped
public class ApiKeyService {

    private final ServiceAccountService accounts;
    private final ApiKeyRepository keys;
    private final ApiKeyHasher hasher;
    private final GuardedChanges changes;
    private final OrgPolicies orgPolicies;
    private final CredentialCache cache;
    private final UsageTracker usage;
    private final Clock clock;
    private final ServiceAccountConfig config;

    public ApiKeyService(
            ServiceAccountService accounts,
            ApiKeyRepository keys,
            ApiKeyHasher hasher,
            GuardedChanges changes,
            OrgPolicies orgPolicies,
            CredentialCache cache,
            UsageTracker usage,
            Clock clock,
            ServiceAccountConfig config) {
        this.config = config;
        this.accounts = accounts;
        this.keys = keys;
        this.hasher = hasher;
        this.changes = changes;
        this.orgPolicies = orgPolicies;
        this.cache = cache;
        this.usage = usage;
        this.clock = clock;
    }

    public Uni<CreatedApiKey> create(
            Caller caller, String home, String identifier, ServiceAccountRequests.CreateApiKey request) {
        ServiceAccountRequests.CreateApiKey body =
                request == null ? new ServiceAccountRequests.CreateApiKey(null, null) : request;
        String displayName =
                AccountNames.text("displayName", body.displayName(), ServiceAccountService.MAX_DISPLAY_NAME_BYTES);
        Optional<Instant> requested = requestedExpiry(body.expireTime());
        return Panache.withTransaction(() -> accounts.find(home, identifier)
                        .call(account -> check(caller, account, "create"))
                        .call(account -> orgPolicies.requireNotEnforced(
                                account.home(), Constraints.DISABLE_SERVICE_ACCOUNT_API_KEY_CREATION))
                        .call(this::requireRoom)
                        .flatMap(account -> orgPolicies
                                .keyExpiry(account.home())
                                .map(limit -> newKey(account, displayName, expiry(requested, limit)))
                                .call(created -> keys.persist(created.row()))
                                .call(created -> changes.record(
                                        caller, audited("CreateServiceAccountApiKey", account, created.row().keyId)))
                                .call(created -> cache.announce(created.row().keyId))
                                .map(created -> created.view(account))))
                .invoke(created -> cache.forget(created.keyId()));
    }

    public Uni<List<ApiKey>> list(Caller caller, String home, String identifier) {
        return Panache.withSession(() -> accounts.find(home, identifier)
                .call(account -> check(caller, account, "list"))
                .flatMap(account -> keys.ofAccount(account.uniqueId())
                        .map(rows ->
                                rows.stream().map(row -> view(account, row)).toList())));
    }

    public Uni<ApiKey> get(Caller caller, String home, String identifier, String keyId) {
        return Panache.withSession(() -> accounts.find(home, identifier)
                .call(account -> check(caller, account, "get"))
                .flatMap(account -> owned(account, keyId).map(row -> view(account, row))));
    }

    public Uni<Void> delete(Caller caller, String home, String identifier, String keyId) {
        return Panache.withTransaction(() -> accounts.find(home, identifier)
                        .call(account -> check(caller, account, "delete"))
                        .flatMap(account -> owned(account, keyId)
                                .call(keys::delete)
                                .call(row ->
                                        changes.record(caller, audited("DeleteServiceAccountApiKey", account, keyId)))
                                .call(row -> cache.announce(keyId))))
                .invoke(() -> cache.forget(keyId))
                .replaceWithVoid();
    }

    public Uni<ApiKey> setDisabled(Caller caller, String home, String identifier, String keyId, boolean disabled) {
        String verb = disabled ? "disable" : "enable";
        return Panache.withTransaction(() -> accounts.find(home, identifier)
                        .call(account -> check(caller, account, verb))
                        .flatMap(account -> owned(account, keyId)
                                .invoke(row -> row.disabled = disabled)
                                .call(row -> changes.record(
                                        caller,
                                        audited(
                                                disabled ? "DisableServiceAccountApiKey" : "EnableServiceAccountApiKey",
                                                account,
                                                keyId)))
                                .call(row -> cache.announce(keyId))
                                .map(row -> view(account, row))))
                .invoke(() -> cache.forget(keyId));
    }

    /** A new key for {@code account}: the row to store and the key string to show once. */
    Created newKey(ServiceAccountView account, String displayName, Instant expireTime) {
        ApiKeyEntity row = new ApiKeyEntity();
        row.keyId = ApiKeyFormat.newKeyId();
        String keyString = ApiKeyFormat.newKeyString(row.keyId);
        row.accountUniqueId = account.uniqueId();
        row.displayName = displayName;
        row.secretHash = hasher.hash(keyString);
        row.createTime = clock.instant();
        row.expireTime = expireTime;
        return new Created(row, keyString);
    }

    record Created(ApiKeyEntity row, String keyString) {
        CreatedApiKey view(ServiceAccountView account) {
            return new CreatedApiKey(
                    account.name() + "/apiKeys/" + row.keyId,
                    row.keyId,
                    row.displayName,
                    row.disabled,
                    Timestamps.format(row.createTime),
                    Timestamps.format(row.expireTime),
                    keyString);
        }
    }

    private Optional<Instant> requestedExpiry(String expireTime) {
        if (expireTime == null || expireTime.isBlank()) {
            return Optional.empty();
        }
        Instant when = Timestamps.parse(expireTime)
                .orElseThrow(() -> ApiException.invalidArgument(
                        "expireTime '" + expireTime + "' is not an RFC 3339 timestamp such as 2026-12-31T00:00:00Z."));
        if (!when.isAfter(clock.instant())) {
            throw ApiException.invalidArgument("expireTime " + expireTime + " is not in the future.");
        }
        return Optional.of(when);
    }

    /** The key-expiry setting caps what was asked for, and sets it when nothing was asked. */
    private Instant expiry(Optional<Instant> requested, Optional<Duration> limit) {
        if (limit.isEmpty()) {
            return requested.orElse(null);
        }
        Instant cap = clock.instant().plus(limit.get());
        return requested.filter(when -> when.isBefore(cap)).orElse(cap);
    }

    private Uni<ApiKeyEntity> owned(ServiceAccountView account, String keyId) {
        return keys.findById(keyId).invoke(row -> {
            if (row == null || !row.accountUniqueId.equals(account.uniqueId())) {
                throw ApiException.notFound("API key " + keyId + " not found for " + account.email() + ".");
            }
        });
    }

    private ApiKey view(ServiceAccountView account, ApiKeyEntity row) {
        return ApiKey.of(account, row, UsageTracker.latest(row.lastUsedTime, usage.pendingKey(row.keyId)));
    }

    /** At most {@code tollgate.service-accounts.max-api-keys} per account, counted under a per-account lock. */
    private Uni<Void> requireRoom(ServiceAccountView account) {
        return keys.lockAccount(account.uniqueId())
                .chain(() -> keys.countOfAccount(account.uniqueId()))
                .invoke(count -> {
                    if (count >= config.maxApiKeys()) {
                        throw ApiException.failedPrecondition("Service account " + account.email() + " already has "
                                + count + " API keys, the most allowed (" + config.maxApiKeys() + "); delete a key"
                                + " before creating another.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> check(Caller caller, ServiceAccountView account, String verb) {
        return changes.require(caller, account.resource(), "iam.serviceAccountApiKeys." + verb);
    }

    private static Change audited(String method, ServiceAccountView account, String keyId) {
        return new Change(
                method,
                account.name() + "/apiKeys/" + keyId,
                account.home(),
                Map.of("keyId", keyId, "uniqueId", account.uniqueId()));
    }
}
