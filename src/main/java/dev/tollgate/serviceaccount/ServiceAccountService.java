package dev.tollgate.serviceaccount;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.ResourceNames;
import dev.tollgate.hierarchy.UpdateMask;
import dev.tollgate.iam.AdminLockout;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import dev.tollgate.serviceaccount.ServiceAccountRequests.Fields;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Ids;
import dev.tollgate.support.Page;
import dev.tollgate.support.PageTokens;
import dev.tollgate.support.RpcStatus;
import dev.tollgate.support.Timestamps;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Service accounts in their three homes (docs/api.md "Service accounts"): create, read, change, soft delete and undelete, with their
 * permission checks, organization policy, quota and audit. Every change forgets the cached account after commit,
 * so API keys of a disabled or deleted account stop working on the next request.
 */
@ApplicationScoped
public class ServiceAccountService {

    static final int MAX_DISPLAY_NAME_BYTES = 100;
    static final int MAX_DESCRIPTION_BYTES = 256;
    private static final Set<String> UPDATABLE =
            new LinkedHashSet<>(List.of("displayName", "description", "defaultTeam"));

    private final ServiceAccountRepository accounts;
    private final Hierarchy hierarchy;
    private final GuardedChanges changes;
    private final OrgPolicies orgPolicies;
    private final CredentialCache cache;
    private final UsageTracker usage;
    private final ServiceAccountConfig config;
    private final TollgateConfig server;
    private final Clock clock;
    private final Event<Object> lifecycle;
    private final AccountPurge purge;
    private final AdminLockout lockout;

    public ServiceAccountService(
            ServiceAccountRepository accounts,
            Hierarchy hierarchy,
            GuardedChanges changes,
            OrgPolicies orgPolicies,
            CredentialCache cache,
            UsageTracker usage,
            ServiceAccountConfig config,
            TollgateConfig server,
            Clock clock,
            Event<Object> lifecycle,
            AccountPurge purge,
            AdminLockout lockout) {
        this.accounts = accounts;
        this.hierarchy = hierarchy;
        this.changes = changes;
        this.orgPolicies = orgPolicies;
        this.cache = cache;
        this.usage = usage;
        this.config = config;
        this.server = server;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.purge = purge;
        this.lockout = lockout;
    }

    public Uni<ServiceAccountView> create(Caller caller, String home, ServiceAccountRequests.Create request) {
        ResourceNames.Name homeName = AccountNames.concreteHome(home);
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"accountId\":…,\"serviceAccount\":{…}}.");
        }
        AccountNames.requireValidAccountId(request.accountId());
        Fields fields = request.serviceAccount() == null ? new Fields(null, null, null) : request.serviceAccount();
        ServiceAccountEntity row = newRow(homeName, request.accountId(), fields);
        List<Runnable> purged = new ArrayList<>();
        return Panache.withTransaction(() -> hierarchy
                        .node(home)
                        .call(() -> changes.require(caller, home, "iam.serviceAccounts.create"))
                        .call(() -> requireDefaultTeam(homeName, fields.defaultTeam()))
                        .call(() -> orgPolicies.requireNotEnforced(home, Constraints.DISABLE_SERVICE_ACCOUNT_CREATION))
                        .call(() -> requireEmailFree(row.email, purged))
                        .call(() -> requireQuota(home))
                        .call(() -> assignUniqueId(row))
                        .call(() -> accounts.persist(row))
                        .map(ignored -> ServiceAccountView.of(row))
                        .call(view -> changes.record(caller, audited("CreateServiceAccount", view)))
                        .call(view -> cache.announce(view.email())))
                .invoke(view -> cache.forget(view.email()))
                .invoke(view -> {
                    purged.forEach(Runnable::run);
                    lifecycle.fire(new ServiceAccountLifecycle.Created(view.uniqueId()));
                });
    }

    public Uni<Page<ServiceAccountView>> list(Caller caller, String home, Integer pageSize, String pageToken) {
        AccountNames.concreteHome(home);
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return Panache.withSession(() -> hierarchy
                .node(home)
                .call(() -> changes.require(caller, home, "iam.serviceAccounts.list"))
                .chain(() -> accounts.page(home, after, size + 1))
                .map(rows -> Page.of(rows, size, row -> row.email).map(this::view)));
    }

    public Uni<ServiceAccountView> get(Caller caller, String home, String identifier) {
        return Panache.withSession(() ->
                resolve(home, identifier).call(row -> check(caller, row, "get")).map(this::view));
    }

    /** The live account at {@code home} (or anywhere, for {@code projects/-}) without a permission check. */
    Uni<ServiceAccountView> find(String home, String identifier) {
        return Panache.withSession(() -> resolve(home, identifier).map(this::view));
    }

    public Uni<ServiceAccountView> update(
            Caller caller, String home, String identifier, ServiceAccountRequests.Patch request, String queryMask) {
        if (request == null || request.serviceAccount() == null) {
            throw ApiException.invalidArgument("Body must be {\"serviceAccount\":{…},\"updateMask\":\"…\"}.");
        }
        Fields fields = request.serviceAccount();
        UpdateMask mask = UpdateMask.parse(
                request.updateMask() != null ? request.updateMask() : queryMask, UPDATABLE, present(fields));
        return Panache.withTransaction(() -> resolve(home, identifier)
                        .call(row -> check(caller, row, "update"))
                        .call(row -> mask.has("defaultTeam")
                                ? requireDefaultTeam(ResourceNames.parse(row.home), fields.defaultTeam())
                                : Uni.createFrom().voidItem())
                        .invoke(row -> apply(row, fields, mask))
                        .map(this::view)
                        .call(view -> changes.record(caller, audited("UpdateServiceAccount", view)))
                        .call(view -> cache.announce(view.uniqueId())))
                .invoke(view -> cache.forget(view.uniqueId()));
    }

    public Uni<Void> delete(Caller caller, String home, String identifier) {
        return Panache.withTransaction(() -> resolve(home, identifier)
                        .call(row -> check(caller, row, "delete"))
                        .call(row -> lockout.requireNotOnlyAdmin(row.email, "delete"))
                        .invoke(row -> row.deleteTime = clock.instant())
                        .map(ServiceAccountView::of)
                        .call(view -> changes.record(caller, audited("DeleteServiceAccount", view)))
                        .call(view -> cache.announce(view.uniqueId())))
                .invoke(view -> cache.forget(view.uniqueId()))
                .replaceWithVoid();
    }

    public Uni<ServiceAccountView> undelete(Caller caller, String home, String uniqueId) {
        if (!AccountNames.isUniqueId(uniqueId)) {
            throw ApiException.invalidArgument("undelete takes the account's uniqueId, got '" + uniqueId + "'.");
        }
        return Panache.withTransaction(() -> requireHome(home)
                        .chain(() -> accounts.findById(uniqueId))
                        .invoke(row -> requireFound(row, home, uniqueId))
                        .call(row -> check(caller, row, "undelete"))
                        .invoke(this::requireRestorable)
                        .invoke(row -> row.deleteTime = null)
                        .map(this::view)
                        .call(view -> changes.record(caller, audited("UndeleteServiceAccount", view)))
                        .call(view -> cache.announce(view.uniqueId())))
                .invoke(view -> cache.forget(view.uniqueId()));
    }

    public Uni<ServiceAccountView> setDisabled(Caller caller, String home, String identifier, boolean disabled) {
        String verb = disabled ? "disable" : "enable";
        return Panache.withTransaction(() -> resolve(home, identifier)
                        .call(row -> check(caller, row, verb))
                        .call(row -> disabled
                                ? lockout.requireNotOnlyAdmin(row.email, verb)
                                : Uni.createFrom().voidItem())
                        .invoke(row -> row.disabled = disabled)
                        .map(this::view)
                        .call(view -> changes.record(
                                caller, audited(disabled ? "DisableServiceAccount" : "EnableServiceAccount", view)))
                        .call(view -> cache.announce(view.uniqueId())))
                .invoke(view -> cache.forget(view.uniqueId()));
    }

    private ServiceAccountEntity newRow(ResourceNames.Name home, String accountId, Fields fields) {
        ServiceAccountEntity row = new ServiceAccountEntity();
        row.home = home.kind().collection() + "/" + home.id();
        row.accountId = accountId;
        row.email = AccountNames.email(accountId, home, server.iamDomain());
        row.displayName = AccountNames.text("displayName", fields.displayName(), MAX_DISPLAY_NAME_BYTES);
        row.description = AccountNames.text("description", fields.description(), MAX_DESCRIPTION_BYTES);
        row.defaultTeam = blankToNull(fields.defaultTeam());
        row.createTime = clock.instant();
        return row;
    }

    private static void apply(ServiceAccountEntity row, Fields fields, UpdateMask mask) {
        if (mask.has("displayName")) {
            row.displayName = AccountNames.text("displayName", fields.displayName(), MAX_DISPLAY_NAME_BYTES);
        }
        if (mask.has("description")) {
            row.description = AccountNames.text("description", fields.description(), MAX_DESCRIPTION_BYTES);
        }
        if (mask.has("defaultTeam")) {
            row.defaultTeam = blankToNull(fields.defaultTeam());
        }
    }

    private static Set<String> present(Fields fields) {
        Set<String> present = new LinkedHashSet<>();
        if (fields.displayName() != null) {
            present.add("displayName");
        }
        if (fields.description() != null) {
            present.add("description");
        }
        if (fields.defaultTeam() != null) {
            present.add("defaultTeam");
        }
        return present;
    }

    /** Org-scoped accounts need a team of their organization; other accounts must not name one. */
    private Uni<Void> requireDefaultTeam(ResourceNames.Name home, String defaultTeam) {
        String team = blankToNull(defaultTeam);
        if (!AccountNames.isOrganization(home)) {
            if (team != null) {
                throw ApiException.invalidArgument("defaultTeam applies to org-scoped service accounts only; "
                        + home.kind().collection() + "/" + home.id() + " is not an organization.");
            }
            return Uni.createFrom().voidItem();
        }
        if (team == null) {
            throw ApiException.invalidArgument(
                    "defaultTeam (teams/{id}) is required for an org-scoped service account.");
        }
        ResourceNames.parse(team, Node.Kind.TEAM);
        return hierarchy
                .node(team)
                .onFailure(ApiException.class)
                .transform(e -> notATeamOf(team, home.id()))
                .invoke(node -> {
                    if (!node.orgId().equals(home.id())) {
                        throw notATeamOf(team, home.id());
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException notATeamOf(String team, String orgId) {
        return ApiException.invalidArgument(
                "defaultTeam '" + team + "' is not a team of organization '" + orgId + "'.");
    }

    /** A live account with this email refuses; a deleted one past retention is purged so its accountId is free. */
    private Uni<Void> requireEmailFree(String email, List<Runnable> purged) {
        return accounts.byEmail(email).flatMap(existing -> {
            if (existing == null) {
                return Uni.createFrom().voidItem();
            }
            if (existing.deleteTime == null) {
                throw ApiException.alreadyExists("Service account " + email + " already exists.");
            }
            if (!purgeDue(existing)) {
                throw ApiException.alreadyExists("Service account " + email + " was deleted at "
                        + Timestamps.format(existing.deleteTime) + "; undelete it (uniqueId " + existing.uniqueId
                        + ") or reuse its accountId after " + Timestamps.format(purgeTime(existing)) + ".");
            }
            return purge.purge(existing).invoke(purged::add).replaceWithVoid();
        });
    }

    private Uni<Void> requireQuota(String home) {
        int quota = config.quotaOf(home);
        return accounts.countActive(home)
                .invoke(count -> {
                    if (count >= quota) {
                        String message = "Quota 'service accounts per home' (tollgate.service-accounts.quota) of "
                                + home + " is " + quota + "; delete an account or raise the quota.";
                        throw new ApiException(
                                RpcStatus.RESOURCE_EXHAUSTED,
                                message,
                                List.of(Map.of(
                                        "@type",
                                        "type.googleapis.com/google.rpc.QuotaFailure",
                                        "violations",
                                        List.of(Map.of("subject", home, "description", message)))));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> assignUniqueId(ServiceAccountEntity row) {
        String candidate = Ids.decimal(21);
        return accounts.findById(candidate)
                .flatMap(existing -> existing != null ? Uni.createFrom().item(true) : accounts.retired(candidate))
                .flatMap(taken -> {
                    if (taken) {
                        return assignUniqueId(row);
                    }
                    row.uniqueId = candidate;
                    return Uni.createFrom().voidItem();
                });
    }

    /** The live account named by email or uniqueId in {@code home}, or anywhere for {@code projects/-}. */
    private Uni<ServiceAccountEntity> resolve(String home, String identifier) {
        AccountNames.requireIdentifier(identifier);
        return requireHome(home)
                .chain(() -> AccountNames.isUniqueId(identifier)
                        ? accounts.findById(identifier)
                        : accounts.byEmail(identifier))
                .invoke(row -> {
                    requireFound(row, home, identifier);
                    if (row.deleteTime != null) {
                        throw ApiException.notFound(
                                "Service account " + identifier + " was deleted; undelete it by" + " its uniqueId.");
                    }
                });
    }

    private Uni<Void> requireHome(String home) {
        return AccountNames.ANY_HOME.equals(home)
                ? Uni.createFrom().voidItem()
                : hierarchy.node(home).replaceWithVoid();
    }

    private static void requireFound(ServiceAccountEntity row, String home, String identifier) {
        if (row == null || !(AccountNames.ANY_HOME.equals(home) || row.home.equals(home))) {
            throw ApiException.notFound("Service account " + identifier + " not found in " + home + ".");
        }
    }

    private void requireRestorable(ServiceAccountEntity row) {
        if (row.deleteTime == null) {
            throw ApiException.failedPrecondition("Service account " + row.email + " is not deleted.");
        }
        if (purgeDue(row)) {
            throw ApiException.notFound("Service account " + row.uniqueId + " was deleted at "
                    + Timestamps.format(row.deleteTime) + " and can no longer be restored (kept "
                    + config.deletedRetention().toDays() + " days).");
        }
    }

    private boolean purgeDue(ServiceAccountEntity row) {
        return !purgeTime(row).isAfter(clock.instant());
    }

    private Instant purgeTime(ServiceAccountEntity row) {
        return row.deleteTime.plus(config.deletedRetention());
    }

    private Uni<Void> check(Caller caller, ServiceAccountEntity row, String verb) {
        return changes.require(caller, row.home + "/serviceAccounts/" + row.uniqueId, "iam.serviceAccounts." + verb);
    }

    private ServiceAccountView view(ServiceAccountEntity row) {
        return ServiceAccountView.of(row).usedAt(usage.pendingAccount(row.uniqueId));
    }

    private static Change audited(String method, ServiceAccountView account) {
        return new Change(method, account.name(), account.home(), Map.of("uniqueId", account.uniqueId()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
