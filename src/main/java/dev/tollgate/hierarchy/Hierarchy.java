package dev.tollgate.hierarchy;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.ChangeFeed;
import dev.tollgate.support.cache.Caches;
import dev.tollgate.support.cache.InvalidatingCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Read access to the hierarchy for every other feature: nodes by name and their lineage, served from memory.
 * Parents never change, so a cached node goes stale only through a rename, a visibility change or a delete,
 * and those call {@link #changed}, which also tells the other replicas.
 */
@ApplicationScoped
public class Hierarchy {

    private static final Pattern PROJECT_NUMBER = Pattern.compile("[0-9]{1,20}");

    private final OrganizationRepository organizations;
    private final TeamRepository teams;
    private final ProjectRepository projects;
    static final String TOPIC = "hierarchy";

    private final ChangeFeed changes;
    private final InvalidatingCache<String, Node> cache;

    public Hierarchy(
            OrganizationRepository organizations,
            TeamRepository teams,
            ProjectRepository projects,
            ChangeFeed changes,
            Caches caches) {
        this.organizations = organizations;
        this.teams = teams;
        this.projects = projects;
        this.changes = changes;
        this.cache = caches.<String, Node>named("hierarchy", name -> Panache.withSession(() -> read(name)))
                .invalidatedBy(TOPIC, name -> name);
    }

    /**
     * The node named {@code organizations/o}, {@code teams/t} or {@code projects/p}; NOT_FOUND when absent. A cached
     * node is answered without a session: the token path asks for nodes on every request.
     */
    public Uni<Node> node(String name) {
        ResourceNames.Name parsed = ResourceNames.parse(name);
        return cache.get(name)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound(capitalized(parsed) + " not found."));
    }

    /**
     * The node as the current transaction sees it, bypassing the cache (which holds committed state only): for a
     * writer that reads back what it changed. {@code null} when absent.
     */
    Uni<Node> read(String name) {
        return load(ResourceNames.parse(name));
    }

    /** {@code name} and its ancestors, nearest first, ending with the organization. */
    public Uni<List<Node>> lineage(String name) {
        return node(name)
                .flatMap(node -> node.parent()
                        .map(parent -> lineage(parent).map(ancestors -> prepend(node, ancestors)))
                        .orElseGet(() -> Uni.createFrom().item(List.of(node))));
    }

    /** The names of {@code name}'s lineage, nearest first: what an audit event is shown {@code within}. */
    public Uni<List<String>> lineageNames(String name) {
        return lineage(name).map(nodes -> nodes.stream().map(Node::name).toList());
    }

    /** A project named by id or by number (digits only; ids start with a letter); NOT_FOUND when absent. */
    public Uni<Node> project(String idOrNumber) {
        if (idOrNumber == null || idOrNumber.isEmpty()) {
            throw ApiException.invalidArgument("A project id or number is required.");
        }
        return PROJECT_NUMBER.matcher(idOrNumber).matches()
                ? projectByNumber(idOrNumber)
                : node("projects/" + idOrNumber);
    }

    /** A project by its number; NOT_FOUND when absent. */
    @WithSession
    public Uni<Node> projectByNumber(String projectNumber) {
        return projects.byNumber(projectNumber)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("Project number " + projectNumber + " not found."))
                .flatMap(project -> node("projects/" + project.projectId));
    }

    /** The teams of an organization. */
    @WithSession
    public Uni<List<Node>> teamsOf(String orgId) {
        return teams.allIn(orgId).map(rows -> rows.stream().map(Node::of).toList());
    }

    /**
     * Drops {@code name} (also a "not found" remembered for it) here at once, and on every replica when the current
     * transaction commits: call it when a node is created, renamed, changes visibility or is deleted.
     */
    public Uni<Void> changed(String name) {
        cache.invalidate(name);
        return changes.announce(TOPIC, name);
    }

    private Uni<Node> load(ResourceNames.Name name) {
        return switch (name.kind()) {
            case ORGANIZATION -> organizations.findById(name.id()).map(org -> org == null ? null : Node.of(org));
            case TEAM -> teams.findById(name.id()).map(team -> team == null ? null : Node.of(team));
            case PROJECT -> projects.findById(name.id()).flatMap(this::projectNode);
        };
    }

    private Uni<Node> projectNode(ProjectEntity project) {
        if (project == null) {
            return Uni.createFrom().nullItem();
        }
        return node("teams/" + project.teamId).map(team -> Node.of(project, team.orgId()));
    }

    private static List<Node> prepend(Node node, List<Node> rest) {
        List<Node> all = new ArrayList<>(rest.size() + 1);
        all.add(node);
        all.addAll(rest);
        return List.copyOf(all);
    }

    private static String capitalized(ResourceNames.Name name) {
        String kind = switch (name.kind()) {
            case ORGANIZATION -> "Organization";
            case TEAM -> "Team";
            case PROJECT -> "Project";
        };
        return kind + " '" + name.id() + "'";
    }
}
