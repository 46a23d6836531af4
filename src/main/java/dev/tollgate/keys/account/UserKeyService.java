package dev.tollgate.keys.account;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.Pem;
import dev.tollgate.keys.account.AccountKeyViews.Key;
import dev.tollgate.keys.signing.KeyMaker;
import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * User-managed keys of service accounts (docs/api.md "Keys"): create (the private half is returned once, never stored),
 * upload, list, get, disable, enable, delete; with their permissions on the account, organization policies, the
 * per-account limit, the key-expiry setting and audit. Every change is announced so every replica's
 * {@link UserKeyCache} forgets the account.
 */
@ApplicationScoped
public class UserKeyService {

    /** Keys without a key-expiry setting never expire, as in Google's API. */
    static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static final String PERMISSION = "iam.serviceAccountKeys.";
    /** Google's universe, which key files name when {@code tollgate.universe.domain} is not set. */
    private static final String DEFAULT_UNIVERSE = "googleapis.com";

    private final ServiceAccounts accounts;
    private final AccountKeys accountKeys;
    private final UserKeyRepository repository;
    private final UserKeyCache cache;
    private final GuardedChanges changes;
    private final OrgPolicies policies;
    private final ChangeFeed feed;
    private final Vertx vertx;
    private final Clock clock;
    private final AccountKeysConfig config;
    private final String baseUrl;
    private final String universeDomain;

    public UserKeyService(
            ServiceAccounts accounts,
            AccountKeys accountKeys,
            UserKeyRepository repository,
            UserKeyCache cache,
            GuardedChanges changes,
            OrgPolicies policies,
            ChangeFeed feed,
            Vertx vertx,
            Clock clock,
            AccountKeysConfig config,
            TollgateConfig server) {
        this.accounts = accounts;
        this.accountKeys = accountKeys;
        this.repository = repository;
        this.cache = cache;
        this.changes = changes;
        this.policies = policies;
        this.feed = feed;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.baseUrl = server.baseUrl();
        this.universeDomain = server.universe().domain().orElse(DEFAULT_UNIVERSE);
    }

    public Uni<Key> create(Caller who, String home, String identifier, AccountKeyViews.CreateKey request) {
        String privateKeyType = KeyFormats.privateKeyType(request == null ? null : request.privateKeyType());
        KeyFormats.keyAlgorithm(request == null ? null : request.keyAlgorithm());
        return authorized(who, home, identifier, "create")
                .call(account ->
                        policies.requireNotEnforced(account.home(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_CREATION))
                .call(this::requireRoom)
                .chain(account -> policies.keyExpiry(account.home())
                        .chain(expiry -> vertx.executeBlocking(
                                Uni.createFrom().item(() -> generate(account, privateKeyType, validBefore(expiry))))))
                .chain(made -> store(who, made.account(), made.row(), "CreateServiceAccountKey")
                        .map(key -> KeyViews.created(made.account(), key, privateKeyType, made.privateKeyData())));
    }

    public Uni<Key> upload(Caller who, String home, String identifier, AccountKeyViews.UploadKey request) {
        UploadedCertificate certificate =
                UploadedCertificate.parse(request == null ? null : request.publicKeyData(), clock.instant());
        return authorized(who, home, identifier, "upload")
                .call(account ->
                        policies.requireNotEnforced(account.home(), Constraints.DISABLE_SERVICE_ACCOUNT_KEY_UPLOAD))
                .chain(account -> policies.keyExpiry(account.home()).chain(expiry -> {
                    Instant notAfter = certificate.certificate().getNotAfter().toInstant();
                    Instant before = validBefore(expiry).isBefore(notAfter) ? validBefore(expiry) : notAfter;
                    UserKeyEntity row = row(
                            account,
                            UserKey.KeyOrigin.USER_PROVIDED,
                            certificate.publicKey(),
                            certificate.pem(),
                            certificate.certificate().getNotBefore().toInstant(),
                            before);
                    return store(who, account, row, "UploadServiceAccountKey")
                            .map(key -> KeyViews.of(account, key, null));
                }));
    }

    public Uni<AccountKeyViews.Keys> list(Caller who, String home, String identifier, List<String> keyTypes) {
        Set<String> types = KeyFormats.keyTypes(keyTypes);
        return authorized(who, home, identifier, "list").chain(account -> {
            List<Key> keys = new ArrayList<>();
            Uni<Void> user = types.contains(KeyFormats.USER_MANAGED)
                    ? accountKeys
                            .userKeys(account)
                            .invoke(all -> all.forEach(k -> keys.add(KeyViews.of(account, k, null))))
                            .replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return user.chain(() -> types.contains(KeyFormats.SYSTEM_MANAGED)
                            ? accountKeys
                                    .systemKeys(account.uniqueId())
                                    .invoke(all -> all.forEach(k -> keys.add(KeyViews.system(account, k, null))))
                                    .replaceWithVoid()
                            : Uni.createFrom().voidItem())
                    .map(ignored -> new AccountKeyViews.Keys(List.copyOf(keys)));
        });
    }

    public Uni<Key> get(Caller who, String home, String identifier, String keyId, String publicKeyType) {
        String type = KeyFormats.publicKeyType(publicKeyType);
        return authorized(who, home, identifier, "get")
                .chain(account -> accountKeys.userKeys(account).chain(user -> {
                    Optional<UserKey> key =
                            user.stream().filter(k -> k.kid().equals(keyId)).findFirst();
                    if (key.isPresent()) {
                        return Uni.createFrom().item(KeyViews.of(account, key.get(), type));
                    }
                    return accountKeys
                            .systemKeys(account.uniqueId())
                            .map(system -> system.stream()
                                    .filter(k -> k.kid().equals(keyId))
                                    .findFirst()
                                    .map(k -> KeyViews.system(account, k, type))
                                    .orElseThrow(() -> keyNotFound(account, keyId)));
                }));
    }

    public Uni<Void> delete(Caller who, String home, String identifier, String keyId) {
        return authorized(who, home, identifier, "delete")
                .chain(account -> change(who, account, keyId, "DeleteServiceAccountKey", row -> {}, true));
    }

    public Uni<Void> setDisabled(Caller who, String home, String identifier, String keyId, boolean disabled) {
        String verb = disabled ? "disable" : "enable";
        return authorized(who, home, identifier, verb)
                .chain(account -> change(
                        who,
                        account,
                        keyId,
                        disabled ? "DisableServiceAccountKey" : "EnableServiceAccountKey",
                        row -> row.disabled = disabled,
                        false));
    }

    /** The account named in the path, once the caller holds {@code iam.serviceAccountKeys.{verb}} on it. */
    private Uni<ServiceAccountView> authorized(Caller who, String home, String identifier, String verb) {
        return accounts.find(identifier)
                .invoke(account -> {
                    if (!home.equals("projects/-") && !account.home().equals(home)) {
                        throw ApiException.notFound("Service account " + identifier + " not found in " + home + ".");
                    }
                })
                .call(account -> changes.require(who, account.resource(), PERMISSION + verb));
    }

    /** Refuses early, before the costly key generation; {@link #store} checks again under the account's lock. */
    private Uni<Void> requireRoom(ServiceAccountView account) {
        return accountKeys
                .userKeys(account)
                .invoke(keys -> requireRoom(account, keys.size()))
                .replaceWithVoid();
    }

    private void requireRoom(ServiceAccountView account, long count) {
        if (count >= config.maxUserManagedKeys()) {
            throw ApiException.failedPrecondition("Service account " + account.email() + " already has " + count
                    + " user-managed keys, the most allowed (" + config.maxUserManagedKeys()
                    + "); delete a key before creating or uploading another.");
        }
    }

    private Instant validBefore(Optional<Duration> expiry) {
        return expiry.map(clock.instant()::plus).orElse(NO_EXPIRY);
    }

    /** Blocking (RSA generation): runs on a worker thread. The private half leaves only as the returned file. */
    private Generated generate(ServiceAccountView account, String privateKeyType, Instant validBefore) {
        KeyPair pair = KeyAlgorithm.RS256.generate();
        Instant now = clock.instant();
        String kid = KeyMaker.kidOf(pair.getPublic());
        String certificate = Pem.selfSignedCertificate(pair, "SHA256withRSA", account.email(), now, validBefore);
        byte[] file = KeyFormats.PKCS12_FILE.equals(privateKeyType)
                ? KeyFiles.pkcs12(pair, certificate)
                : KeyFiles.credentialsJson(
                        new KeyFiles.Account(
                                account.email(), account.uniqueId(), homeId(account), baseUrl, universeDomain),
                        kid,
                        pair);
        UserKeyEntity row =
                row(account, UserKey.KeyOrigin.GOOGLE_PROVIDED, pair.getPublic(), certificate, now, validBefore);
        return new Generated(account, row, Base64.getEncoder().encodeToString(file));
    }

    private record Generated(ServiceAccountView account, UserKeyEntity row, String privateKeyData) {
        @Override
        public String toString() {
            return "Generated[" + row.kid + "]";
        }
    }

    private UserKeyEntity row(
            ServiceAccountView account,
            UserKey.KeyOrigin origin,
            PublicKey key,
            String certificatePem,
            Instant validAfter,
            Instant validBefore) {
        if (!validBefore.isAfter(validAfter)) {
            throw ApiException.invalidArgument(
                    "The key would expire (" + validBefore + ") before it becomes valid (" + validAfter + ").");
        }
        UserKeyEntity row = new UserKeyEntity();
        row.kid = KeyMaker.kidOf(key);
        row.accountUniqueId = account.uniqueId();
        row.keyOrigin = origin.name();
        row.publicKey = key.getEncoded();
        row.certificate = certificatePem;
        row.validAfter = validAfter;
        row.validBefore = validBefore;
        row.createTime = clock.instant();
        return row;
    }

    private Uni<UserKey> store(Caller who, ServiceAccountView account, UserKeyEntity row, String method) {
        return Panache.withTransaction(() -> repository
                        .lockAccount(account.uniqueId())
                        .chain(() -> repository.countOfAccount(account.uniqueId()))
                        .invoke(count -> requireRoom(account, count))
                        .chain(() -> repository.kidOwner(row.kid))
                        .invoke(owner -> requireNewKid(row.kid, owner))
                        .chain(() -> repository.registerKid(row.kid, "sa-user:" + account.uniqueId(), row.createTime))
                        .chain(() -> repository.persist(row))
                        .call(() -> changes.record(who, audited(method, account, row)))
                        .call(() -> feed.announce(UserKeyCache.TOPIC, account.uniqueId())))
                .invoke(() -> cache.forget(account.uniqueId()))
                .map(UserKey::of);
    }

    private static void requireNewKid(String kid, String owner) {
        if (owner != null) {
            throw ApiException.alreadyExists("A key with id " + kid + " (the SHA-1 of this public key) exists or "
                    + "existed; a public key can be registered once and a key id is never reused.");
        }
    }

    private Uni<Void> change(
            Caller who,
            ServiceAccountView account,
            String keyId,
            String method,
            Consumer<UserKeyEntity> edit,
            boolean delete) {
        return Panache.withTransaction(() -> repository
                        .lockAccount(account.uniqueId())
                        .chain(() -> repository.findById(keyId == null ? "" : keyId))
                        .chain(row -> row == null || !row.accountUniqueId.equals(account.uniqueId())
                                ? missing(account, keyId)
                                : apply(row, edit, delete)
                                        .call(() -> changes.record(who, audited(method, account, row))))
                        .call(() -> feed.announce(UserKeyCache.TOPIC, account.uniqueId())))
                .invoke(() -> cache.forget(account.uniqueId()))
                .replaceWithVoid();
    }

    private Uni<Void> apply(UserKeyEntity row, Consumer<UserKeyEntity> edit, boolean delete) {
        edit.accept(row);
        return delete ? repository.delete(row) : Uni.createFrom().voidItem();
    }

    /** NOT_FOUND, or FAILED_PRECONDITION for a system-managed key, which only rotation changes. */
    private Uni<Void> missing(ServiceAccountView account, String keyId) {
        return accountKeys
                .systemKeys(account.uniqueId())
                .invoke(system -> {
                    if (system.stream().anyMatch(key -> key.kid().equals(keyId))) {
                        throw ApiException.failedPrecondition(
                                "Key " + keyId + " is system-managed: it rotates automatically "
                                        + "and cannot be disabled, enabled or deleted.");
                    }
                    throw keyNotFound(account, keyId);
                })
                .replaceWithVoid();
    }

    private static ApiException keyNotFound(ServiceAccountView account, String keyId) {
        return ApiException.notFound("Key " + keyId + " of service account " + account.email() + " not found.");
    }

    private static Change audited(String method, ServiceAccountView account, UserKeyEntity row) {
        return new Change(
                method,
                account.name() + "/keys/" + row.kid,
                account.home(),
                Map.of("keyId", row.kid, "keyOrigin", row.keyOrigin, "serviceAccount", account.email()));
    }

    private static String homeId(ServiceAccountView account) {
        return account.home().substring(account.home().indexOf('/') + 1);
    }
}
