package dev.tollgate.federation.admin;

import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.federation.admin.FederationRequests.PoolBody;
import dev.tollgate.federation.admin.FederationViews.Pool;
import dev.tollgate.hierarchy.UpdateMask;
import dev.tollgate.iam.AllowPolicy;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.iam.IamPolicyService;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Page;
import dev.tollgate.support.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Workload identity pools (docs/api.md "Workload identity federation"): create, read, change, soft delete and undelete, with their permission
 * checks ({@code iam.workloadIdentityPools.*} on the project, or on the pool for pool-level ones), audit entries
 * and allow policies. Changes reach the {@link ProviderDirectory} once committed.
 */
@ApplicationScoped
public class PoolService {

    static final String PERMISSIONS = "iam.workloadIdentityPools";
    private static final Set<String> UPDATABLE = Set.of("displayName", "description", "disabled");

    private final PoolRepository pools;
    private final PoolLocator locator;
    private final GuardedChanges changes;
    private final IamPolicyService policies;
    private final ProviderDirectory directory;
    private final FederationConfig config;
    private final Clock clock;

    public PoolService(
            PoolRepository pools,
            PoolLocator locator,
            GuardedChanges changes,
            IamPolicyService policies,
            ProviderDirectory directory,
            FederationConfig config,
            Clock clock) {
        this.pools = pools;
        this.locator = locator;
        this.changes = changes;
        this.policies = policies;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Pool> create(Caller caller, String project, String poolId, PoolBody body) {
        FederationRules.requireValidId("workloadIdentityPoolId", poolId);
        PoolBody request = body == null ? new PoolBody(null, null, null) : body;
        return Panache.withTransaction(() -> locator.locate(project, poolId)
                .call(location -> changes.require(caller, location.projectResource(), PERMISSIONS + ".create"))
                .call(location -> pools.findById(location.resource()).invoke(existing -> {
                    if (existing != null) {
                        throw ApiException.alreadyExists("Workload identity pool " + location.publicName()
                                + " already exists" + (existing.deleteTime != null ? " (deleted; undelete it)" : "")
                                + ".");
                    }
                }))
                .flatMap(location -> pools.persist(newPool(location, request))
                        .call(pool -> changes.record(caller, audited("CreateWorkloadIdentityPool", location)))
                        .map(pool -> view(location, pool))));
    }

    public Uni<Pool> get(Caller caller, String project, String poolId) {
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".get"))
                .flatMap(location -> existing(location).map(pool -> view(location, pool))));
    }

    public Uni<FederationViews.Pools> list(
            Caller caller, String project, Integer pageSize, String pageToken, boolean showDeleted) {
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return Panache.withSession(() -> locator.project(project)
                .call(node -> changes.require(caller, node.name(), PERMISSIONS + ".list"))
                .flatMap(node -> pools.page(node.id(), showDeleted, after, size + 1)
                        .map(rows -> Page.of(rows, size, row -> row.poolId))
                        .map(page -> new FederationViews.Pools(
                                page.items().stream()
                                        .map(pool -> view(locator.at(node, pool.poolId), pool))
                                        .toList(),
                                page.nextPageToken()))));
    }

    public Uni<Pool> update(Caller caller, String project, String poolId, PoolBody patch, String updateMask) {
        if (patch == null) {
            throw ApiException.invalidArgument("Request body is required.");
        }
        UpdateMask mask = UpdateMask.parse(updateMask, UPDATABLE, present(patch));
        return change(caller, project, poolId, "update", "UpdateWorkloadIdentityPool", pool -> {
            requireActive(pool, "update");
            if (mask.has("displayName")) {
                pool.displayName =
                        FederationRules.text("displayName", patch.displayName(), FederationRules.MAX_DISPLAY_NAME);
            }
            if (mask.has("description")) {
                pool.description =
                        FederationRules.text("description", patch.description(), FederationRules.MAX_DESCRIPTION);
            }
            if (mask.has("disabled")) {
                pool.disabled = Boolean.TRUE.equals(patch.disabled());
            }
            return pool;
        });
    }

    public Uni<Pool> delete(Caller caller, String project, String poolId) {
        return change(caller, project, poolId, "delete", "DeleteWorkloadIdentityPool", pool -> {
            requireActive(pool, "delete");
            pool.deleteTime = clock.instant();
            return pool;
        });
    }

    public Uni<Pool> undelete(Caller caller, String project, String poolId) {
        return change(caller, project, poolId, "undelete", "UndeleteWorkloadIdentityPool", pool -> {
            if (pool.deleteTime == null) {
                throw ApiException.failedPrecondition("Workload identity pool " + pool.poolId + " is not deleted.");
            }
            pool.deleteTime = null;
            return pool;
        });
    }

    public Uni<AllowPolicy> getIamPolicy(Caller caller, String project, String poolId) {
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(this::existing)
                .flatMap(location -> policies.get(caller, location.resource(), PERMISSIONS)));
    }

    public Uni<AllowPolicy> setIamPolicy(Caller caller, String project, String poolId, AllowPolicy policy) {
        return Panache.withSession(() -> locator.locate(project, poolId).call(this::existing))
                .flatMap(location -> policies.set(caller, location.resource(), PERMISSIONS, policy));
    }

    public Uni<Set<String>> testIamPermissions(
            Caller caller, String project, String poolId, Collection<String> permissions) {
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(this::existing)
                .flatMap(location -> policies.test(caller, location.resource(), permissions)));
    }

    /** The pool unless absent or past its undelete window; NOT_FOUND otherwise. Needs a session. */
    Uni<PoolEntity> existing(PoolLocation location) {
        return pools.findById(location.resource()).map(pool -> {
            if (pool == null || expired(pool.deleteTime)) {
                throw ApiException.notFound("Workload identity pool " + location.publicName() + " not found.");
            }
            return pool;
        });
    }

    boolean expired(Instant deleteTime) {
        return deleteTime != null && !clock.instant().isBefore(deleteTime.plus(config.deletedRetention()));
    }

    static void requireActive(PoolEntity pool, String verb) {
        if (pool.deleteTime != null) {
            throw ApiException.failedPrecondition("Workload identity pool " + pool.poolId + " is deleted; cannot "
                    + verb + " it (undelete it first).");
        }
    }

    private Uni<Pool> change(
            Caller caller,
            String project,
            String poolId,
            String verb,
            String method,
            Function<PoolEntity, PoolEntity> change) {
        return Panache.withTransaction(() -> locator.locate(project, poolId)
                        .call(location -> changes.require(caller, location.resource(), PERMISSIONS + "." + verb))
                        .flatMap(location -> existing(location)
                                .map(change)
                                .call(pool -> changes.record(caller, audited(method, location)))
                                .call(() -> directory.announce(location.publicName()))
                                .map(pool -> view(location, pool))))
                .invoke(pool -> directory.forgetPool(pool.name()));
    }

    private PoolEntity newPool(PoolLocation location, PoolBody request) {
        PoolEntity pool = new PoolEntity();
        pool.resource = location.resource();
        pool.projectId = location.projectId();
        pool.poolId = location.pool().poolId();
        pool.displayName = FederationRules.text("displayName", request.displayName(), FederationRules.MAX_DISPLAY_NAME);
        pool.description = FederationRules.text("description", request.description(), FederationRules.MAX_DESCRIPTION);
        pool.disabled = Boolean.TRUE.equals(request.disabled());
        pool.createTime = clock.instant();
        return pool;
    }

    private static Change audited(String method, PoolLocation location) {
        return Change.of(method, location.resource(), location.projectResource());
    }

    private Pool view(PoolLocation location, PoolEntity pool) {
        return Pool.of(location, pool, config.deletedRetention());
    }

    private static Set<String> present(PoolBody patch) {
        Set<String> present = new LinkedHashSet<>();
        if (patch.displayName() != null) {
            present.add("displayName");
        }
        if (patch.description() != null) {
            present.add("description");
        }
        if (patch.disabled() != null) {
            present.add("disabled");
        }
        return present;
    }
}
