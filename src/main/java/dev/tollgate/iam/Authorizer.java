package dev.tollgate.iam;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.Visibility;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one answer to "may this caller do that here?" (docs/api.md "IAM allow policies"). A permission is held on a resource when a
 * binding grants it on the resource or an ancestor — except that above a RESTRICTED project only
 * {@code roles/admin} is inherited — or when a service account's home gives it implicit data access to a project.
 *
 * <p>Resources are hierarchy names ({@code projects/p}) or resources inside one
 * ({@code teams/t/serviceAccounts/123}, {@code projects/p/locations/global/workloadIdentityPools/x}); the latter
 * inherit from the hierarchy resource their name starts with.
 */
@ApplicationScoped
public class Authorizer {

    /** The project data permissions that service-account scopes and OPEN projects grant implicitly. */
    static final Set<String> DATA_PERMISSIONS = Set.of("projects.get", "projects.write");

    private final Hierarchy hierarchy;
    private final AllowPolicyStore policies;

    public Authorizer(Hierarchy hierarchy, AllowPolicyStore policies) {
        this.hierarchy = hierarchy;
        this.policies = policies;
    }

    /** Succeeds when {@code caller} holds {@code permission} on {@code resource}; else 403 naming both. */
    public Uni<Void> check(Caller caller, String resource, String permission) {
        return holds(caller, resource, permission)
                .invoke(held -> {
                    if (!held) {
                        throw ApiException.permissionDenied("Permission '" + permission + "' denied on resource '"
                                + resource + "' for " + caller.member() + ".");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Boolean> holds(Caller caller, String resource, String permission) {
        return chain(resource).flatMap(chain -> holds(caller, chain, permission));
    }

    /** The subset of {@code permissions} that {@code caller} holds on {@code resource}. */
    public Uni<Set<String>> held(Caller caller, String resource, Collection<String> permissions) {
        return chain(resource)
                .flatMap(chain -> Uni.join()
                        .all(permissions.stream()
                                .map(p -> holds(caller, chain, p).map(ok -> ok ? p : ""))
                                .toList())
                        .usingConcurrencyOf(1)
                        .andFailFast()
                        .map(results ->
                                results.stream().filter(p -> !p.isEmpty()).collect(Collectors.toSet())));
    }

    /**
     * Whether {@code member} holds a role on the team itself: the team's members. A binding on the organization does
     * not make one a member of each of its teams (attribution is for members of the entity team, docs/api.md "Token
     * endpoint").
     */
    public Uni<Boolean> isTeamMember(String member, String team) {
        return policies.get(team).map(policy -> policy.names(Set.of(member)));
    }

    private Uni<Boolean> holds(Caller caller, Chain chain, String permission) {
        return bindingAllows(caller, chain, permission)
                .flatMap(
                        allowed -> allowed ? Uni.createFrom().item(true) : implicitlyAllows(caller, chain, permission));
    }

    private Uni<Boolean> bindingAllows(Caller caller, Chain chain, String permission) {
        return Uni.join()
                .all(chain.resources().stream().map(policies::get).toList())
                .usingConcurrencyOf(1)
                .andFailFast()
                .map(loaded -> AccessRules.bindingsAllow(chain, loaded, caller.principals(), permission));
    }

    private Uni<Boolean> implicitlyAllows(Caller caller, Chain chain, String permission) {
        return switch (AccessRules.implicitAccess(caller, chain, permission)) {
            case DENIED -> Uni.createFrom().item(false);
            case GRANTED -> Uni.createFrom().item(true);
            case IF_ORGANIZATION_MEMBER ->
                isOrganizationMember(caller, chain.project().orElseThrow().orgId());
            case IF_TEAM_IN_ORGANIZATION ->
                hierarchy
                        .node(caller.serviceAccountHome().orElseThrow())
                        .map(team -> team.orgId()
                                .equals(chain.project().orElseThrow().orgId()));
        };
    }

    private Uni<Boolean> isOrganizationMember(Caller caller, String orgId) {
        return hierarchy.teamsOf(orgId).flatMap(teams -> {
            List<Node> scopes = new ArrayList<>(teams);
            return hierarchy.node("organizations/" + orgId).flatMap(org -> {
                scopes.add(org);
                return anyNames(scopes, caller.principals());
            });
        });
    }

    private Uni<Boolean> anyNames(List<Node> nodes, Set<String> principals) {
        return Uni.join()
                .all(nodes.stream()
                        .map(node -> policies.get(node.name()).map(p -> p.names(principals)))
                        .toList())
                .usingConcurrencyOf(1)
                .andFailFast()
                .map(results -> results.contains(true));
    }

    private Uni<Chain> chain(String resource) {
        String hierarchyName = hierarchyPrefix(resource);
        return hierarchy.lineage(hierarchyName).map(lineage -> Chain.of(resource, hierarchyName, lineage));
    }

    /** The hierarchy resource that {@code resource} is, or that its name starts with. */
    public static String hierarchyPrefix(String resource) {
        int first = resource.indexOf('/');
        int second = first < 0 ? -1 : resource.indexOf('/', first + 1);
        return second < 0 ? resource : resource.substring(0, second);
    }

    /** The resources whose policies apply, nearest first, and the hierarchy nodes among them. */
    record Chain(List<String> resources, List<Node> lineage) {

        static Chain of(String resource, String hierarchyName, List<Node> lineage) {
            List<String> resources = new ArrayList<>();
            if (!resource.equals(hierarchyName)) {
                resources.add(resource);
            }
            lineage.forEach(node -> resources.add(node.name()));
            return new Chain(List.copyOf(resources), lineage);
        }

        Optional<Node> project() {
            return lineage.stream().filter(Node::isProject).findFirst();
        }

        /** Whether {@code resource} is a RESTRICTED project, above which only admin bindings are inherited. */
        boolean restrictedAt(String resource) {
            return lineage.stream()
                    .anyMatch(node -> node.name().equals(resource)
                            && node.isProject()
                            && node.visibility() == Visibility.RESTRICTED);
        }
    }
}
