package dev.tollgate.federation.admin;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.OffEventLoop;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.federation.admin.FederationRequests.Oidc;
import dev.tollgate.federation.admin.FederationRequests.ProviderBody;
import dev.tollgate.federation.admin.FederationViews.ExchangeReport;
import dev.tollgate.federation.admin.FederationViews.Provider;
import dev.tollgate.federation.verify.ExternalTokenVerifier;
import dev.tollgate.federation.verify.VerificationReport;
import dev.tollgate.hierarchy.UpdateMask;
import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Page;
import dev.tollgate.support.PageTokens;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * OIDC providers of workload identity pools (docs/api.md "Workload identity federation"): CRUD with soft delete, the {@code :testExchange} dry
 * run and {@code :credentialConfig}. A provider is saved only when its issuer is acceptable (URL policy and the
 * organization policy {@code iam.workloadIdentityPoolProviders}) and its mapping and condition compile.
 */
@ApplicationScoped
public class ProviderService {

    static final String PERMISSIONS = "iam.workloadIdentityPoolProviders";
    private static final Set<String> UPDATABLE = Set.of(
            "displayName",
            "description",
            "disabled",
            "attributeMapping",
            "attributeCondition",
            "oidc",
            "oidc.issuerUri",
            "oidc.allowedAudiences",
            "oidc.jwksJson");

    private final ProviderRepository providers;
    private final PoolService pools;
    private final PoolLocator locator;
    private final FederationRules rules;
    private final IssuerPolicy issuers;
    private final ExternalTokenVerifier verifier;
    private final GuardedChanges changes;
    private final ProviderDirectory directory;
    private final FederationConfig config;
    private final TollgateConfig server;
    private final Clock clock;
    private final OffEventLoop offLoop;

    public ProviderService(
            ProviderRepository providers,
            PoolService pools,
            PoolLocator locator,
            FederationRules rules,
            IssuerPolicy issuers,
            ExternalTokenVerifier verifier,
            GuardedChanges changes,
            ProviderDirectory directory,
            FederationConfig config,
            TollgateConfig server,
            Clock clock,
            OffEventLoop offLoop) {
        this.providers = providers;
        this.pools = pools;
        this.locator = locator;
        this.rules = rules;
        this.issuers = issuers;
        this.verifier = verifier;
        this.changes = changes;
        this.directory = directory;
        this.config = config;
        this.server = server;
        this.clock = clock;
        this.offLoop = offLoop;
    }

    public Uni<Provider> create(Caller caller, String project, String poolId, String providerId, ProviderBody body) {
        FederationRules.requireValidId("workloadIdentityPoolProviderId", providerId);
        if (body == null || body.oidc() == null) {
            throw ApiException.invalidArgument(
                    "oidc is required: {\"oidc\":{\"issuerUri\":…},\"attributeMapping\":{…}}.");
        }
        return Panache.withTransaction(() -> locator.locate(project, poolId)
                        .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".create"))
                        .call(location -> pools.existing(location)
                                .invoke(pool -> PoolService.requireActive(pool, "add providers to")))
                        .call(location -> providers
                                .findById(location.providerResource(providerId))
                                .invoke(existing -> {
                                    if (existing != null) {
                                        throw ApiException.alreadyExists(
                                                "Provider " + location.providerPublicName(providerId)
                                                        + " already exists"
                                                        + (existing.deleteTime != null ? " (deleted; undelete it)" : "")
                                                        + ".");
                                    }
                                }))
                        .flatMap(location -> {
                            ProviderEntity provider = newProvider(location, providerId, body);
                            return issuers.requireAllowed(location, provider.issuerUri)
                                    .chain(() -> issuers.requireNoInlineKeys(location, provider.jwksJson))
                                    .chain(() -> providers.persist(provider))
                                    .call(() -> changes.record(
                                            caller, audited("CreateWorkloadIdentityPoolProvider", location, provider)))
                                    .call(() -> directory.announce(location.providerPublicName(providerId)))
                                    .map(saved -> view(location, saved));
                        }))
                .invoke(provider -> directory.forget(provider.name()));
    }

    public Uni<Provider> get(Caller caller, String project, String poolId, String providerId) {
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".get"))
                .flatMap(location -> existing(location, providerId).map(provider -> view(location, provider))));
    }

    public Uni<FederationViews.Providers> list(
            Caller caller, String project, String poolId, Integer pageSize, String pageToken, boolean showDeleted) {
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".list"))
                .call(pools::existing)
                .flatMap(location -> providers
                        .page(location.resource(), showDeleted, after, size + 1)
                        .map(rows -> Page.of(rows, size, row -> row.providerId))
                        .map(page -> new FederationViews.Providers(
                                page.items().stream()
                                        .map(provider -> view(location, provider))
                                        .toList(),
                                page.nextPageToken()))));
    }

    public Uni<Provider> update(
            Caller caller, String project, String poolId, String providerId, ProviderBody patch, String updateMask) {
        if (patch == null) {
            throw ApiException.invalidArgument("Request body is required.");
        }
        UpdateMask mask = UpdateMask.parse(updateMask, UPDATABLE, present(patch));
        return change(
                caller,
                project,
                poolId,
                providerId,
                "update",
                "UpdateWorkloadIdentityPoolProvider",
                (location, provider) -> {
                    requireActive(provider, "update");
                    String issuerBefore = provider.issuerUri;
                    apply(provider, patch, mask);
                    rules.validate(provider);
                    Uni<Void> issuer = Objects.equals(issuerBefore, provider.issuerUri)
                            ? Uni.createFrom().voidItem()
                            : issuers.requireAllowed(location, provider.issuerUri);
                    return issuer.chain(() -> issuers.requireNoInlineKeys(location, provider.jwksJson));
                });
    }

    public Uni<Provider> delete(Caller caller, String project, String poolId, String providerId) {
        return change(
                caller,
                project,
                poolId,
                providerId,
                "delete",
                "DeleteWorkloadIdentityPoolProvider",
                (location, provider) -> {
                    requireActive(provider, "delete");
                    provider.deleteTime = clock.instant();
                    return Uni.createFrom().voidItem();
                });
    }

    public Uni<Provider> undelete(Caller caller, String project, String poolId, String providerId) {
        return change(
                caller,
                project,
                poolId,
                providerId,
                "undelete",
                "UndeleteWorkloadIdentityPoolProvider",
                (location, provider) -> {
                    if (provider.deleteTime == null) {
                        throw ApiException.failedPrecondition("Provider " + provider.providerId + " is not deleted.");
                    }
                    provider.deleteTime = null;
                    return Uni.createFrom().voidItem();
                });
    }

    /** The dry run: permission {@code iam.workloadIdentityPoolProviders.update}, as it reveals how claims map. */
    public Uni<ExchangeReport> testExchange(
            Caller caller, String project, String poolId, String providerId, FederationRequests.TestExchange body) {
        if (body == null || body.subjectToken() == null || body.subjectToken().isBlank()) {
            throw ApiException.invalidArgument("subjectToken is required.");
        }
        return Panache.withSession(() -> locator.locate(project, poolId)
                        .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".update"))
                        .flatMap(location -> pools.existing(location)
                                .flatMap(pool -> existing(location, providerId)
                                        .map(provider -> new Loaded(location, pool, provider)))))
                .flatMap(loaded -> {
                    ResolvedProvider resolved = rules.resolved(loaded.location(), loaded.provider());
                    Optional<String> refusal =
                            ProviderDirectory.refusal(loaded.location(), loaded.pool(), loaded.provider());
                    return issuers.inlineKeysRefusal(resolved)
                            .flatMap(keys -> keys.isPresent()
                                    ? Uni.createFrom()
                                            .item(new VerificationReport(
                                                    List.of(CheckVerdict.fail(keys.get())), Map.of()))
                                    : verifier.inspect(resolved.spec(), body.subjectToken()))
                            .flatMap(report -> offLoop.run(
                                    () -> ExchangeDryRun.report(resolved, report, refusal),
                                    () -> ApiException.resourceExhausted("The attribute mapping and condition did"
                                            + " not end within their time budget.")));
                });
    }

    public Uni<Map<String, Object>> credentialConfig(
            Caller caller,
            String project,
            String poolId,
            String providerId,
            String serviceAccount,
            CredentialConfigs.Source source) {
        return Panache.withSession(() -> locator.locate(project, poolId)
                .call(location -> changes.require(caller, location.resource(), PERMISSIONS + ".get"))
                .call(location -> existing(location, providerId))
                .map(location -> CredentialConfigs.build(
                        location.pool().providerFullName(providerId),
                        location.projectId(),
                        server.baseUrl(),
                        server.universe().domain().orElse(server.iamDomain()),
                        serviceAccount,
                        source)));
    }

    private record Loaded(PoolLocation location, PoolEntity pool, ProviderEntity provider) {}

    /** Applies {@code change} to an existing provider in one transaction, audits it and drops it from the directory. */
    private Uni<Provider> change(
            Caller caller,
            String project,
            String poolId,
            String providerId,
            String verb,
            String method,
            BiFunction<PoolLocation, ProviderEntity, Uni<Void>> change) {
        return Panache.withTransaction(() -> locator.locate(project, poolId)
                        .call(location -> changes.require(caller, location.resource(), PERMISSIONS + "." + verb))
                        .flatMap(location -> pools.existing(location)
                                .invoke(pool -> {
                                    if (!verb.equals("delete")) {
                                        PoolService.requireActive(pool, verb + " its providers");
                                    }
                                })
                                .chain(() -> existing(location, providerId))
                                .call(provider -> change.apply(location, provider))
                                .call(provider -> changes.record(caller, audited(method, location, provider)))
                                .call(() -> directory.announce(location.providerPublicName(providerId)))
                                .map(provider -> view(location, provider))))
                .invoke(provider -> directory.forget(provider.name()));
    }

    private Uni<ProviderEntity> existing(PoolLocation location, String providerId) {
        return providers.findById(location.providerResource(providerId)).map(provider -> {
            if (provider == null || pools.expired(provider.deleteTime)) {
                throw ApiException.notFound("Provider " + location.providerPublicName(providerId) + " not found.");
            }
            return provider;
        });
    }

    private ProviderEntity newProvider(PoolLocation location, String providerId, ProviderBody body) {
        ProviderEntity provider = new ProviderEntity();
        provider.resource = location.providerResource(providerId);
        provider.poolResource = location.resource();
        provider.providerId = providerId;
        provider.createTime = clock.instant();
        provider.allowedAudiences = new String[0];
        provider.attributeMapping = rules.write(Map.of());
        apply(provider, body, new UpdateMask(UPDATABLE));
        rules.validate(provider);
        return provider;
    }

    private void apply(ProviderEntity provider, ProviderBody body, UpdateMask mask) {
        if (mask.has("displayName")) {
            provider.displayName =
                    FederationRules.text("displayName", body.displayName(), FederationRules.MAX_DISPLAY_NAME);
        }
        if (mask.has("description")) {
            provider.description =
                    FederationRules.text("description", body.description(), FederationRules.MAX_DESCRIPTION);
        }
        if (mask.has("disabled")) {
            provider.disabled = Boolean.TRUE.equals(body.disabled());
        }
        if (mask.has("attributeMapping")) {
            provider.attributeMapping =
                    rules.write(body.attributeMapping() == null ? Map.of() : body.attributeMapping());
        }
        if (mask.has("attributeCondition")) {
            String condition = body.attributeCondition();
            provider.attributeCondition = condition == null || condition.isBlank() ? null : condition;
        }
        applyOidc(provider, body.oidc() == null ? new Oidc(null, null, null) : body.oidc(), mask);
    }

    private static void applyOidc(ProviderEntity provider, Oidc oidc, UpdateMask mask) {
        boolean all = mask.has("oidc");
        if (all || mask.has("oidc.issuerUri")) {
            provider.issuerUri = oidc.issuerUri();
        }
        if (all || mask.has("oidc.allowedAudiences")) {
            List<String> audiences = oidc.allowedAudiences() == null ? List.of() : oidc.allowedAudiences();
            provider.allowedAudiences = audiences.toArray(String[]::new);
        }
        if (all || mask.has("oidc.jwksJson")) {
            provider.jwksJson = oidc.jwksJson() == null || oidc.jwksJson().isBlank() ? null : oidc.jwksJson();
        }
    }

    private static void requireActive(ProviderEntity provider, String verb) {
        if (provider.deleteTime != null) {
            throw ApiException.failedPrecondition(
                    "Provider " + provider.providerId + " is deleted; cannot " + verb + " it (undelete it first).");
        }
    }

    private static Change audited(String method, PoolLocation location, ProviderEntity provider) {
        return new Change(
                method, provider.resource, location.projectResource(), Map.of("issuerUri", provider.issuerUri));
    }

    private Provider view(PoolLocation location, ProviderEntity provider) {
        return Provider.of(location, provider, rules.mapping(provider), config.deletedRetention());
    }

    private static Set<String> present(ProviderBody patch) {
        Set<String> present = new LinkedHashSet<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("displayName", patch.displayName());
        fields.put("description", patch.description());
        fields.put("disabled", patch.disabled());
        fields.put("attributeMapping", patch.attributeMapping());
        fields.put("attributeCondition", patch.attributeCondition());
        fields.put("oidc", patch.oidc());
        fields.forEach((name, value) -> {
            if (value != null) {
                present.add(name);
            }
        });
        return present;
    }
}
