package dev.tollgate.serviceaccount;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * What other features (the token endpoint, the credentials API, caller authentication) ask of service accounts,
 * answered from memory on the warm path: verifying API keys, finding accounts, and which teams an account reaches.
 */
@ApplicationScoped
public class ServiceAccounts {

    private final CredentialCache cache;
    private final ApiKeyHasher hasher;
    private final UsageTracker usage;
    private final ApiKeyRehasher rehasher;
    private final Hierarchy hierarchy;
    private final Clock clock;

    public ServiceAccounts(
            CredentialCache cache,
            ApiKeyHasher hasher,
            UsageTracker usage,
            ApiKeyRehasher rehasher,
            Hierarchy hierarchy,
            Clock clock) {
        this.cache = cache;
        this.hasher = hasher;
        this.usage = usage;
        this.rehasher = rehasher;
        this.hierarchy = hierarchy;
        this.clock = clock;
    }

    /**
     * The account and key behind {@code keyString}; fails with UNAUTHENTICATED saying why (malformed, unknown,
     * wrong secret, disabled, expired, account disabled or deleted). Records the use for {@code lastUsedTime}.
     */
    public Uni<AuthenticatedAccount> verify(String keyString) {
        return Uni.createFrom()
                .item(() -> ApiKeyFormat.keyId(keyString)
                        .orElseThrow(() -> ApiException.unauthenticated(
                                "Malformed API key: expected tg_<16 hex digits>_<43 base62 characters>.")))
                .flatMap(keyId -> cache.key(keyId)
                        .invoke(key -> requireValid(key, keyId, keyString))
                        .flatMap(key -> cache.account(key.accountUniqueId()))
                        .map(account -> authenticated(account, keyId)));
    }

    /** A live (possibly disabled) account by email or uniqueId; NOT_FOUND when it does not exist or was deleted. */
    public Uni<ServiceAccountView> find(String emailOrUniqueId) {
        if (emailOrUniqueId == null || emailOrUniqueId.isBlank()) {
            throw ApiException.invalidArgument("A service account email or uniqueId is required.");
        }
        return cache.account(emailOrUniqueId).invoke(account -> {
            if (account == null || account.deleted()) {
                throw ApiException.notFound("Service account " + emailOrUniqueId + " not found.");
            }
        });
    }

    /**
     * Whether {@code team} ({@code teams/t}) is within {@code account}'s reach, e.g. for choosing a token's entity:
     * an org-scoped account reaches every team of its organization, a team-scoped one its own team, a project's
     * account the team of its project.
     */
    public Uni<Boolean> reachesTeam(ServiceAccountView account, String team) {
        return hierarchy
                .node(team)
                .flatMap(target -> hierarchy.node(account.home()).map(home -> reaches(home, target)))
                .onFailure(ApiException.class)
                .recoverWithItem(false);
    }

    /** Records a use of {@code account} other than by API key (a token grant), for its {@code lastUsedTime}. */
    public void markUsed(String uniqueId) {
        usage.used(uniqueId, null, clock.instant());
    }

    private static boolean reaches(Node home, Node team) {
        if (team.kind() != Node.Kind.TEAM) {
            return false;
        }
        return switch (home.kind()) {
            case ORGANIZATION -> team.orgId().equals(home.id());
            case TEAM, PROJECT -> home.teamId().orElseThrow().equals(team.id());
        };
    }

    private void requireValid(CredentialCache.CachedKey key, String keyId, String keyString) {
        ApiKeyHasher.Match match = key == null ? ApiKeyHasher.Match.NONE : hasher.match(keyString, key.secretHash());
        if (match == ApiKeyHasher.Match.NONE) {
            throw ApiException.unauthenticated("Unknown API key " + keyId + ".");
        }
        if (match == ApiKeyHasher.Match.PREVIOUS) {
            rehasher.matchedPreviousPepper(keyId, key.secretHash(), hasher.hash(keyString));
        }
        if (key.disabled()) {
            throw ApiException.unauthenticated("API key " + keyId + " is disabled.");
        }
        Instant now = clock.instant();
        if (key.expireTime() != null && !key.expireTime().isAfter(now)) {
            throw ApiException.unauthenticated("API key " + keyId + " expired at " + key.expireTime() + ".");
        }
    }

    private AuthenticatedAccount authenticated(ServiceAccountView account, String keyId) {
        if (account == null || account.deleted()) {
            throw ApiException.unauthenticated("The service account of API key " + keyId + " was deleted.");
        }
        if (account.disabled()) {
            throw ApiException.unauthenticated(
                    "The service account " + account.email() + " of API key " + keyId + " is disabled.");
        }
        usage.used(account.uniqueId(), keyId, clock.instant());
        return new AuthenticatedAccount(
                account.email(), account.uniqueId(), account.home(), account.defaultTeam(), account.disabled(), keyId);
    }
}
