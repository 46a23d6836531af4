package dev.tollgate.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Allow policies by resource, served from memory after the first read. A write replaces the cached policy
 * and announces the change so other replicas drop theirs.
 */
@ApplicationScoped
public class AllowPolicyStore {

    private static final TypeReference<List<AllowPolicy.Binding>> BINDINGS = new TypeReference<>() {};

    static final String TOPIC = "iam_policy";

    private final AllowPolicyRepository repository;
    private final ObjectMapper json;
    private final Clock clock;
    private final ChangeFeed changes;
    private final InvalidatingCache<String, AllowPolicy> cache;

    public AllowPolicyStore(
            AllowPolicyRepository repository, ObjectMapper json, Clock clock, ChangeFeed changes, Caches caches) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
        this.changes = changes;
        this.cache =
                caches.<String, AllowPolicy>named("iam_policy", this::load).invalidatedBy(TOPIC, resource -> resource);
    }

    /** {@code resource}'s policy; a cached one is answered without opening a session. */
    public Uni<AllowPolicy> get(String resource) {
        return cache.get(resource);
    }

    private Uni<AllowPolicy> load(String resource) {
        return Panache.withSession(() -> repository.findById(resource))
                .map(entity ->
                        entity == null ? AllowPolicy.EMPTY : AllowPolicy.of(entity.version, parse(entity.bindings)));
    }

    /** Writes {@code bindings} as the next version of {@code resource}'s policy, in the caller's transaction. */
    public Uni<AllowPolicy> put(String resource, List<AllowPolicy.Binding> bindings) {
        return repository.findById(resource).flatMap(entity -> {
            AllowPolicyEntity row = entity == null ? new AllowPolicyEntity() : entity;
            row.resource = resource;
            row.bindings = write(bindings);
            row.version = entity == null ? 1 : entity.version + 1;
            row.updateTime = clock.instant();
            AllowPolicy policy = AllowPolicy.of(row.version, bindings);
            return repository
                    .persist(row)
                    .call(() -> changes.announce(TOPIC, resource))
                    .invoke(() -> forget(resource))
                    .replaceWith(policy);
        });
    }

    /**
     * The organizations whose {@code roles/admin} members are {@code member} alone, read in the caller's session (not
     * the cache: the answer guards a change being made).
     */
    public Uni<List<String>> organizationsAdministeredOnlyBy(String member) {
        return repository
                .organizationPoliciesNaming(member)
                .map(rows -> rows.stream()
                        .filter(row -> admins(parse(row.bindings)).equals(Set.of(member)))
                        .map(row -> row.resource)
                        .sorted()
                        .toList());
    }

    private static Set<String> admins(List<AllowPolicy.Binding> bindings) {
        return bindings.stream()
                .filter(binding -> binding.role().equals(Roles.ADMIN))
                .flatMap(binding -> binding.members().stream())
                .collect(Collectors.toSet());
    }

    /** Removes {@code resource}'s policy (the resource itself is gone). */
    public Uni<Void> delete(String resource) {
        return repository
                .deleteById(resource)
                .call(() -> changes.announce(TOPIC, resource))
                .invoke(() -> forget(resource))
                .replaceWithVoid();
    }

    public void forget(String resource) {
        cache.invalidate(resource);
    }

    public void forgetAll() {
        cache.invalidateAll();
    }

    private List<AllowPolicy.Binding> parse(String text) {
        try {
            return json.readValue(text, BINDINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored policy is not valid JSON", e);
        }
    }

    private String write(List<AllowPolicy.Binding> bindings) {
        try {
            return json.writeValueAsString(bindings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
