package dev.tollgate.hierarchy;

import java.time.Instant;
import java.util.Optional;

/**
 * One resource of the hierarchy as the rest of Tollgate sees it.
 *
 * @param parent the parent's resource name; empty for an organization
 * @param teamId the team a project belongs to, or the team itself; empty for an organization
 * @param visibility a project's visibility; {@code null} for organizations and teams
 * @param projectNumber a project's number; {@code null} otherwise
 */
public record Node(
        Kind kind,
        String id,
        String displayName,
        Optional<String> parent,
        String orgId,
        Optional<String> teamId,
        Visibility visibility,
        String projectNumber,
        Instant createTime) {

    public enum Kind {
        ORGANIZATION("organizations"),
        TEAM("teams"),
        PROJECT("projects");

        private final String collection;

        Kind(String collection) {
            this.collection = collection;
        }

        public String collection() {
            return collection;
        }
    }

    public String name() {
        return kind.collection() + "/" + id;
    }

    public boolean isProject() {
        return kind == Kind.PROJECT;
    }

    static Node of(OrganizationEntity org) {
        return new Node(
                Kind.ORGANIZATION,
                org.orgId,
                org.displayName,
                Optional.empty(),
                org.orgId,
                Optional.empty(),
                null,
                null,
                org.createTime);
    }

    static Node of(TeamEntity team) {
        return new Node(
                Kind.TEAM,
                team.teamId,
                team.displayName,
                Optional.of("organizations/" + team.orgId),
                team.orgId,
                Optional.of(team.teamId),
                null,
                null,
                team.createTime);
    }

    static Node of(ProjectEntity project, String orgId) {
        return new Node(
                Kind.PROJECT,
                project.projectId,
                project.displayName,
                Optional.of("teams/" + project.teamId),
                orgId,
                Optional.of(project.teamId),
                project.visibility,
                project.projectNumber,
                project.createTime);
    }
}
