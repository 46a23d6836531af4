package dev.tollgate.hierarchy;

import dev.tollgate.support.AccessGuard;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Dependents;
import dev.tollgate.support.Ids;
import dev.tollgate.support.InOrder;
import dev.tollgate.support.Page;
import dev.tollgate.support.PageTokens;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Creating, reading, changing and deleting organizations, teams and projects, with their permission checks. A deleted
 * resource takes everything kept for it along, in the same transaction, and its id is retired: it is never used
 * again (docs/api.md "Resource hierarchy").
 */
@ApplicationScoped
public class HierarchyService {

    static final int MAX_DISPLAY_NAME_BYTES = 100;

    private final OrganizationRepository organizations;
    private final TeamRepository teams;
    private final ProjectRepository projects;
    private final RetiredIdRepository retired;
    private final Hierarchy hierarchy;
    private final AccessGuard guard;
    private final Clock clock;
    private final TollgateConfig config;
    private final List<Dependents> dependents;

    public HierarchyService(
            OrganizationRepository organizations,
            TeamRepository teams,
            ProjectRepository projects,
            RetiredIdRepository retired,
            Hierarchy hierarchy,
            AccessGuard guard,
            Clock clock,
            TollgateConfig config,
            Instance<Dependents> dependents) {
        this.organizations = organizations;
        this.teams = teams;
        this.projects = projects;
        this.retired = retired;
        this.hierarchy = hierarchy;
        this.guard = guard;
        this.clock = clock;
        this.config = config;
        this.dependents = dependents.stream().toList();
    }

    @WithTransaction
    public Uni<Node> createOrganization(HierarchyRequests.CreateOrganization request) {
        ResourceNames.requireValidId("organization", request.orgId());
        OrganizationEntity org = new OrganizationEntity();
        org.orgId = request.orgId();
        org.displayName = displayName(request.displayName());
        org.createTime = clock.instant();
        return guard.require("organizations/" + config.bootstrap().organization(), "organizations.create")
                .chain(() -> organizations.findById(org.orgId))
                .invoke(existing -> requireAbsent(existing, "Organization", org.orgId))
                .call(() -> requireNeverUsed("Organization", "organizations/" + org.orgId))
                .chain(() -> organizations.persist(org))
                .map(Node::of)
                .call(node -> hierarchy.changed(node.name()))
                .call(node -> guard.created(node.name()))
                .call(node -> guard.record("CreateOrganization", node.name(), List.of(node.name())));
    }

    /** Creates the bootstrap organization if the database has none; used once at first start. */
    @WithTransaction
    public Uni<Boolean> createBootstrapOrganization(String orgId) {
        return organizations.count().flatMap(count -> {
            if (count > 0) {
                return Uni.createFrom().item(false);
            }
            OrganizationEntity org = new OrganizationEntity();
            org.orgId = orgId;
            org.displayName = orgId;
            org.createTime = clock.instant();
            return organizations.persist(org).replaceWith(true);
        });
    }

    @WithTransaction
    public Uni<Node> createTeam(HierarchyRequests.CreateTeam request) {
        ResourceNames.requireValidId("team", request.teamId());
        String parent = requireParent(request.parent(), Node.Kind.ORGANIZATION);
        TeamEntity team = new TeamEntity();
        team.teamId = request.teamId();
        team.orgId = ResourceNames.parse(parent).id();
        team.displayName = displayName(request.displayName());
        team.createTime = clock.instant();
        return hierarchy
                .node(parent)
                .call(() -> guard.require(parent, "teams.create"))
                .chain(() -> teams.findById(team.teamId))
                .invoke(existing -> requireAbsent(existing, "Team", team.teamId))
                .call(() -> requireNeverUsed("Team", "teams/" + team.teamId))
                .chain(() -> teams.persist(team))
                .map(Node::of)
                .call(node -> hierarchy.changed(node.name()))
                .call(node -> guard.record("CreateTeam", node.name(), List.of(node.name(), parent)));
    }

    @WithTransaction
    public Uni<Node> createProject(HierarchyRequests.CreateProject request) {
        ResourceNames.requireValidId("project", request.projectId());
        String parent = requireParent(request.parent(), Node.Kind.TEAM);
        ProjectEntity project = new ProjectEntity();
        project.projectId = request.projectId();
        project.teamId = ResourceNames.parse(parent).id();
        project.displayName = displayName(request.displayName());
        project.visibility = request.visibility() == null ? Visibility.TEAM : request.visibility();
        project.createTime = clock.instant();
        return hierarchy
                .node(parent)
                .call(() -> guard.require(parent, "projects.create"))
                .call(() -> projects.findById(project.projectId)
                        .invoke(existing -> requireAbsent(existing, "Project", project.projectId)))
                .call(() -> requireNeverUsed("Project", "projects/" + project.projectId))
                .call(() -> assignProjectNumber(project))
                .call(() -> projects.persist(project))
                .map(team -> Node.of(project, team.orgId()))
                .call(node -> hierarchy.changed(node.name()))
                .call(node -> hierarchy
                        .lineageNames(parent)
                        .flatMap(above -> guard.record("CreateProject", node.name(), prepend(node.name(), above))));
    }

    @WithSession
    public Uni<Node> get(String name) {
        ResourceNames.Name parsed = ResourceNames.parse(name);
        return hierarchy.node(name).call(() -> guard.require(name, parsed.kind().collection() + ".get"));
    }

    /** A project by id or number, if the caller may read it (docs/api.md "Resource hierarchy"). */
    @WithSession
    public Uni<Node> getProject(String idOrNumber) {
        return hierarchy.project(idOrNumber).call(node -> guard.require(node.name(), "projects.get"));
    }

    @WithSession
    public Uni<Page<Node>> listOrganizations(Integer pageSize, String pageToken) {
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return organizations
                .page(after, size + 1)
                .map(rows -> Page.of(rows, size, row -> row.orgId).map(Node::of))
                .flatMap(this::visibleOnly);
    }

    @WithSession
    public Uni<Page<Node>> listTeams(String parent, Integer pageSize, String pageToken) {
        String org = requireParent(parent, Node.Kind.ORGANIZATION);
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return hierarchy
                .node(org)
                .call(() -> guard.require(org, "teams.list"))
                .chain(() -> teams.page(ResourceNames.parse(org).id(), after, size + 1))
                .map(rows -> Page.of(rows, size, row -> row.teamId).map(Node::of));
    }

    @WithSession
    public Uni<Page<Node>> listProjects(String parent, Integer pageSize, String pageToken) {
        String team = requireParent(parent, Node.Kind.TEAM);
        int size = PageTokens.size(pageSize);
        String after = PageTokens.decode(pageToken);
        return hierarchy
                .node(team)
                .call(() -> guard.require(team, "projects.list"))
                .chain(teamNode -> projects.page(teamNode.id(), after, size + 1)
                        .map(rows ->
                                Page.of(rows, size, row -> row.projectId).map(row -> Node.of(row, teamNode.orgId()))));
    }

    @WithTransaction
    public Uni<Node> update(String name, HierarchyRequests.Patch patch, String updateMask) {
        ResourceNames.Name parsed = ResourceNames.parse(name);
        UpdateMask mask = mask(parsed.kind(), patch, updateMask);
        return hierarchy
                .node(name)
                .call(() -> guard.require(name, parsed.kind().collection() + ".update"))
                .chain(() -> apply(parsed, patch, mask))
                .call(() -> hierarchy.changed(name))
                .chain(() -> hierarchy.read(name))
                .call(node -> hierarchy
                        .lineageNames(name)
                        .flatMap(within -> guard.record("Update" + kindName(parsed.kind()), node.name(), within)));
    }

    /**
     * Deletes an empty resource for good: in one transaction, what its features still keep for it (soft-deleted
     * accounts and pools, allow policy, organization policies and settings) goes, and its id is retired. Audit
     * entries stay, readable through the ancestors they were recorded within.
     */
    public Uni<Void> delete(String name) {
        ResourceNames.Name parsed = ResourceNames.parse(name);
        List<Runnable> afterCommit = new ArrayList<>();
        return Panache.withTransaction(() -> hierarchy
                        .lineageNames(name)
                        .call(() -> guard.require(name, parsed.kind().collection() + ".delete"))
                        .invoke(() -> requireNotBootstrap(parsed))
                        .call(() -> requireEmpty(parsed))
                        .call(() -> requireNoDependents(name))
                        .call(() -> removeDependents(name, afterCommit))
                        .call(within -> remove(parsed)
                                .call(() -> hierarchy.changed(name))
                                .chain(() -> guard.record("Delete" + kindName(parsed.kind()), name, within))))
                .invoke(() -> afterCommit.forEach(Runnable::run))
                .replaceWithVoid();
    }

    private Uni<Page<Node>> visibleOnly(Page<Node> page) {
        if (page.items().isEmpty()) {
            return Uni.createFrom().item(page);
        }
        return Uni.join()
                .all(page.items().stream()
                        .map(node -> guard.require(node.name(), "organizations.get")
                                .map(ok -> node)
                                .onFailure(ApiException.class)
                                .recoverWithNull())
                        .toList())
                .usingConcurrencyOf(1)
                .andFailFast()
                .map(nodes -> new Page<>(nodes.stream().filter(Objects::nonNull).toList(), page.nextPageToken()));
    }

    private Uni<Void> apply(ResourceNames.Name name, HierarchyRequests.Patch patch, UpdateMask mask) {
        String displayName = mask.has("displayName") ? displayName(patch.displayName()) : null;
        return switch (name.kind()) {
            case ORGANIZATION ->
                organizations
                        .findById(name.id())
                        .invoke(org -> {
                            if (displayName != null) {
                                org.displayName = displayName;
                            }
                        })
                        .replaceWithVoid();
            case TEAM ->
                teams.findById(name.id())
                        .invoke(team -> {
                            if (displayName != null) {
                                team.displayName = displayName;
                            }
                        })
                        .replaceWithVoid();
            case PROJECT ->
                projects.findById(name.id())
                        .invoke(project -> {
                            if (displayName != null) {
                                project.displayName = displayName;
                            }
                            if (mask.has("visibility")) {
                                if (patch.visibility() == null) {
                                    throw ApiException.invalidArgument(
                                            "visibility must be one of TEAM, RESTRICTED, OPEN.");
                                }
                                project.visibility = patch.visibility();
                            }
                        })
                        .replaceWithVoid();
        };
    }

    private Uni<Void> requireEmpty(ResourceNames.Name name) {
        Uni<Long> children = switch (name.kind()) {
            case ORGANIZATION -> teams.countIn(name.id());
            case TEAM -> projects.countIn(name.id());
            case PROJECT -> Uni.createFrom().item(0L);
        };
        return children.invoke(count -> {
                    if (count > 0) {
                        String what = name.kind() == Node.Kind.ORGANIZATION ? "teams" : "projects";
                        throw ApiException.failedPrecondition(kindName(name.kind()) + " '" + name.id() + "' still has "
                                + count + " " + what + "; delete them first.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> requireNoDependents(String name) {
        return InOrder.each(
                dependents,
                kind -> kind.countIn(name).invoke(count -> {
                    if (count > 0) {
                        throw ApiException.failedPrecondition(
                                name + " still holds " + count + " " + kind.what() + "; delete them first.");
                    }
                }));
    }

    private Uni<Void> removeDependents(String name, List<Runnable> afterCommit) {
        return InOrder.each(dependents, kind -> kind.removeIn(name).invoke(afterCommit::add));
    }

    /** Deletes the row and retires its id (and a project's number) in the same transaction. */
    private Uni<Void> remove(ResourceNames.Name name) {
        String fullName = name.kind().collection() + "/" + name.id();
        return switch (name.kind()) {
            case ORGANIZATION ->
                retire(fullName, null)
                        .chain(() -> organizations.deleteById(name.id()))
                        .replaceWithVoid();
            case TEAM ->
                retire(fullName, null).chain(() -> teams.deleteById(name.id())).replaceWithVoid();
            case PROJECT ->
                projects.findById(name.id())
                        .call(project -> retire(fullName, project.projectNumber))
                        .call(projects::delete)
                        .replaceWithVoid();
        };
    }

    private Uni<Void> retire(String name, String projectNumber) {
        RetiredIdEntity tombstone = new RetiredIdEntity();
        tombstone.name = name;
        tombstone.projectNumber = projectNumber;
        tombstone.retireTime = clock.instant();
        return retired.persist(tombstone).replaceWithVoid();
    }

    /** An id once used is never used again, in any organization, as a Google Cloud project id is never reused. */
    private Uni<Void> requireNeverUsed(String kind, String name) {
        return retired.findById(name)
                .invoke(tombstone -> {
                    if (tombstone != null) {
                        throw ApiException.alreadyExists(
                                kind + " id '" + ResourceNames.parse(name).id() + "' was used before"
                                        + " by a deleted " + kind.toLowerCase(Locale.ROOT)
                                        + " and is never reused; choose another id.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> assignProjectNumber(ProjectEntity project) {
        String candidate = Ids.decimal(12);
        return projects.byNumber(candidate)
                .flatMap(existing -> existing != null ? Uni.createFrom().item(true) : retired.numberRetired(candidate))
                .flatMap(taken -> {
                    if (taken) {
                        return assignProjectNumber(project);
                    }
                    project.projectNumber = candidate;
                    return Uni.createFrom().voidItem();
                });
    }

    /** The bootstrap organization is where {@code organizations.create} is granted: without it none can be made. */
    private void requireNotBootstrap(ResourceNames.Name name) {
        if (name.kind() == Node.Kind.ORGANIZATION
                && name.id().equals(config.bootstrap().organization())) {
            throw ApiException.failedPrecondition("organizations/" + name.id() + " is the bootstrap organization"
                    + " (tollgate.bootstrap.organization), where organizations are created; it cannot be deleted.");
        }
    }

    private static UpdateMask mask(Node.Kind kind, HierarchyRequests.Patch patch, String updateMask) {
        Set<String> updatable = kind == Node.Kind.PROJECT ? Set.of("displayName", "visibility") : Set.of("displayName");
        Set<String> present = new LinkedHashSet<>();
        if (patch != null && patch.displayName() != null) {
            present.add("displayName");
        }
        if (patch != null && patch.visibility() != null && kind == Node.Kind.PROJECT) {
            present.add("visibility");
        }
        if (patch == null) {
            throw ApiException.invalidArgument("Request body is required.");
        }
        return UpdateMask.parse(updateMask, updatable, present);
    }

    private static List<String> prepend(String name, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(name);
        all.addAll(rest);
        return List.copyOf(all);
    }

    private static String requireParent(String parent, Node.Kind kind) {
        if (parent == null || parent.isBlank()) {
            throw ApiException.invalidArgument("parent is required: " + kind.collection() + "/{id}.");
        }
        ResourceNames.parse(parent, kind);
        return parent;
    }

    private static void requireAbsent(Object existing, String kind, String id) {
        if (existing != null) {
            throw ApiException.alreadyExists(kind + " '" + id + "' already exists.");
        }
    }

    private static String displayName(String displayName) {
        String value = displayName == null ? "" : displayName;
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_DISPLAY_NAME_BYTES) {
            throw ApiException.invalidArgument("displayName is longer than " + MAX_DISPLAY_NAME_BYTES + " bytes.");
        }
        return value;
    }

    private static String kindName(Node.Kind kind) {
        return switch (kind) {
            case ORGANIZATION -> "Organization";
            case TEAM -> "Team";
            case PROJECT -> "Project";
        };
    }
}
