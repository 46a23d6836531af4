package dev.tollgate.serviceaccount;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.ResourceNames;
import dev.tollgate.hierarchy.TeamEntity;
import dev.tollgate.hierarchy.TeamRepository;
import dev.tollgate.iam.AllowPolicy;
import dev.tollgate.iam.AllowPolicyStore;
import dev.tollgate.iam.Roles;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * First start with no service account at all: creates the org-scoped account {@code bootstrap-admin} in the
 * bootstrap organization (default team {@code admins}, created if needed), makes it {@code roles/admin} there and
 * writes one API key for it to {@code tollgate.bootstrap.api-key-file} (mode 0600). The key is written before the
 * transaction commits and removed if it fails, so a started server always has a usable key on disk. Later starts
 * find accounts and change nothing.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);
    static final String ACCOUNT_ID = "bootstrap-admin";
    static final String TEAM_ID = "admins";
    private static final String PRINCIPAL = "system:bootstrap";

    private final ServiceAccountRepository accounts;
    private final ApiKeyRepository keys;
    private final TeamRepository teams;
    private final Hierarchy hierarchy;
    private final AllowPolicyStore policies;
    private final ApiKeyService apiKeys;
    private final AuditLog audit;
    private final TollgateConfig config;
    private final Clock clock;

    public BootstrapAdmin(
            ServiceAccountRepository accounts,
            ApiKeyRepository keys,
            TeamRepository teams,
            Hierarchy hierarchy,
            AllowPolicyStore policies,
            ApiKeyService apiKeys,
            AuditLog audit,
            TollgateConfig config,
            Clock clock) {
        this.accounts = accounts;
        this.keys = keys;
        this.teams = teams;
        this.hierarchy = hierarchy;
        this.policies = policies;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** After {@code iam.Bootstrap} (priority 10) created the organization. */
    void onStart(@Observes @Priority(20) StartupEvent event) throws Throwable {
        String org = config.bootstrap().organization();
        if (!VertxContextSupport.subscribeAndAwait(() -> firstStart(org))) {
            return;
        }
        ServiceAccountEntity account = account(org);
        ApiKeyService.Created key = apiKeys.newKey(ServiceAccountView.of(account), "bootstrap", null);
        Path file = keyFile();
        // Start-up runs on the main thread before requests are served: blocking file I/O is fine here.
        ApiKeyHasher.writePrivately(file, key.keyString() + "\n");
        try {
            VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> persist(org, account, key.row())));
        } catch (Throwable e) {
            Files.deleteIfExists(file);
            throw e;
        }
        LOG.infof(
                "Created bootstrap service account %s with roles/admin on organizations/%s; API key %s written to %s",
                account.email, org, key.row().keyId, file);
    }

    private Uni<Boolean> firstStart(String org) {
        return Panache.withSession(() -> accounts.count()
                .flatMap(count -> count > 0
                        ? Uni.createFrom().item(false)
                        : hierarchy
                                .node("organizations/" + org)
                                .map(node -> true)
                                .onFailure(ApiException.class)
                                .recoverWithItem(false)));
    }

    private ServiceAccountEntity account(String org) {
        ServiceAccountEntity row = new ServiceAccountEntity();
        row.uniqueId = Ids.decimal(21);
        row.home = "organizations/" + org;
        row.accountId = ACCOUNT_ID;
        row.email =
                AccountNames.email(ACCOUNT_ID, new ResourceNames.Name(Node.Kind.ORGANIZATION, org), config.iamDomain());
        row.displayName = "Bootstrap administrator";
        row.description = "Created at first start; its API key is in the bootstrap key file.";
        row.createTime = clock.instant();
        return row;
    }

    private Uni<Void> persist(String org, ServiceAccountEntity account, ApiKeyEntity key) {
        String home = "organizations/" + org;
        return defaultTeam(org)
                .invoke(team -> account.defaultTeam = "teams/" + team)
                .chain(() -> accounts.persist(account))
                .chain(() -> keys.persist(key))
                .chain(() -> policies.get(home))
                .chain(policy -> policies.put(home, withAdmin(policy, "serviceAccount:" + account.email)))
                .chain(() -> audit.record(AuditEvent.ok(
                                PRINCIPAL,
                                "CreateServiceAccount",
                                home + "/serviceAccounts/" + account.email,
                                List.of(home))
                        .withDetails(Map.of("uniqueId", account.uniqueId))))
                .chain(() -> audit.record(AuditEvent.ok(
                                PRINCIPAL,
                                "CreateServiceAccountApiKey",
                                home + "/serviceAccounts/" + account.email + "/apiKeys/" + key.keyId,
                                List.of(home))
                        .withDetails(Map.of("keyId", key.keyId, "uniqueId", account.uniqueId))));
    }

    /** The team {@code admins} of the organization, created if needed (another id if an organization holds it). */
    private Uni<String> defaultTeam(String org) {
        return teams.findById(TEAM_ID).flatMap(existing -> {
            if (existing != null && existing.orgId.equals(org)) {
                return Uni.createFrom().item(TEAM_ID);
            }
            TeamEntity team = new TeamEntity();
            team.teamId = existing == null ? TEAM_ID : TEAM_ID + "-" + Ids.hex(3);
            team.orgId = org;
            team.displayName = "Administrators";
            team.createTime = clock.instant();
            return teams.persist(team).map(saved -> saved.teamId);
        });
    }

    private static List<AllowPolicy.Binding> withAdmin(AllowPolicy policy, String member) {
        List<AllowPolicy.Binding> bindings = new ArrayList<>(policy.bindings());
        bindings.add(new AllowPolicy.Binding(Roles.ADMIN, List.of(member)));
        return bindings;
    }

    private Path keyFile() {
        return config.bootstrap().apiKeyFile().orElse(config.dataDir().resolve("bootstrap-admin.key"));
    }
}
