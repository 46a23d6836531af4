package dev.tollgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.policy.ResourcePolicies.StoredPolicy;
import dev.tollgate.policy.ResourcePolicies.StoredSetting;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.Ids;
import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Policies and settings by resource, served from memory after the first read: effective values are read on the
 * token path. Writers {@link #announce} a change inside their transaction, which reaches every replica through the
 * {@link ChangeFeed} once it commits, and call {@link #forget} when it has ended so this replica sees it at once.
 */
@ApplicationScoped
public class OrgPolicyStore {

    static final String TOPIC = "org_policy";

    private final OrgPolicyRepository policies;
    private final OrgSettingRepository settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ChangeFeed changes;
    private final InvalidatingCache<String, ResourcePolicies> cache;

    public OrgPolicyStore(
            OrgPolicyRepository policies,
            OrgSettingRepository settings,
            ObjectMapper json,
            Clock clock,
            ChangeFeed changes,
            Caches caches) {
        this.policies = policies;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.changes = changes;
        this.cache = caches.<String, ResourcePolicies>named(
                        "org_policy", resource -> Panache.withSession(() -> load(resource)))
                .invalidatedBy(TOPIC, resource -> resource);
    }

    /** What is set on {@code resource}; a cache hit touches no database session. */
    public Uni<ResourcePolicies> get(String resource) {
        return cache.get(resource);
    }

    /** Tells every replica, when the current transaction commits, that what is set on {@code resource} changed. */
    Uni<Void> announce(String resource) {
        return changes.announce(TOPIC, resource);
    }

    /** Drops what this replica holds for {@code resource}. */
    public void forget(String resource) {
        cache.invalidate(resource);
    }

    /** Drops everything this replica holds. */
    public void forgetAll() {
        cache.invalidateAll();
    }

    /** The stored row of a policy, read in the caller's transaction (not from the cache), or {@code null}. */
    Uni<OrgPolicyEntity> row(String name) {
        return policies.findById(name);
    }

    Uni<StoredPolicy> putPolicy(OrgPolicyEntity existing, String resource, String constraint, PolicySpec spec) {
        OrgPolicyEntity row = existing == null ? new OrgPolicyEntity() : existing;
        row.name = policyName(resource, constraint);
        row.resource = resource;
        row.constraint = constraint;
        row.spec = write(spec);
        row.etag = Ids.base62(16);
        row.updateTime = clock.instant();
        return policies.persist(row).map(this::stored);
    }

    Uni<Void> deletePolicy(OrgPolicyEntity row) {
        return policies.delete(row);
    }

    Uni<OrgSettingEntity> settingRow(String name) {
        return settings.findById(name);
    }

    Uni<StoredSetting> putSetting(OrgSettingEntity existing, String resource, String setting, String value) {
        OrgSettingEntity row = existing == null ? new OrgSettingEntity() : existing;
        row.name = settingName(resource, setting);
        row.resource = resource;
        row.setting = setting;
        row.value = value;
        row.updateTime = clock.instant();
        return settings.persist(row).map(saved -> new StoredSetting(saved.name, saved.value, saved.updateTime));
    }

    Uni<Void> deleteSetting(OrgSettingEntity row) {
        return settings.delete(row);
    }

    static String policyName(String resource, String constraint) {
        return resource + "/policies/" + constraint;
    }

    static String settingName(String resource, String setting) {
        return resource + "/settings/" + setting;
    }

    private Uni<ResourcePolicies> load(String resource) {
        return policies.on(resource)
                .flatMap(policyRows -> settings.on(resource)
                        .map(settingRows -> new ResourcePolicies(
                                policyRows.stream()
                                        .map(this::stored)
                                        .collect(Collectors.toUnmodifiableMap(
                                                StoredPolicy::constraint, Function.identity())),
                                settingRows.stream()
                                        .collect(Collectors.toUnmodifiableMap(
                                                row -> row.setting,
                                                row -> new StoredSetting(row.name, row.value, row.updateTime))))));
    }

    private StoredPolicy stored(OrgPolicyEntity row) {
        return new StoredPolicy(row.name, row.constraint, read(row.spec), row.etag, row.updateTime);
    }

    private PolicySpec read(String text) {
        try {
            return json.readValue(text, PolicySpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored organization policy is not valid JSON", e);
        }
    }

    private String write(PolicySpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
