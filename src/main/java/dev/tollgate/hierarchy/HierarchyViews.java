package dev.tollgate.hierarchy;

import dev.tollgate.support.Timestamps;
import java.util.List;

/** Response bodies of the hierarchy endpoints (docs/api.md "Resource hierarchy"). */
public final class HierarchyViews {

    private HierarchyViews() {}

    public record Organization(String name, String orgId, String displayName, String createTime) {
        static Organization of(Node node) {
            return new Organization(node.name(), node.id(), node.displayName(), Timestamps.format(node.createTime()));
        }
    }

    public record Team(String name, String teamId, String parent, String displayName, String createTime) {
        static Team of(Node node) {
            return new Team(
                    node.name(),
                    node.id(),
                    node.parent().orElseThrow(),
                    node.displayName(),
                    Timestamps.format(node.createTime()));
        }
    }

    public record Project(
            String name,
            String projectId,
            String projectNumber,
            String parent,
            String displayName,
            Visibility visibility,
            String createTime) {
        static Project of(Node node) {
            return new Project(
                    node.name(),
                    node.id(),
                    node.projectNumber(),
                    node.parent().orElseThrow(),
                    node.displayName(),
                    node.visibility(),
                    Timestamps.format(node.createTime()));
        }
    }

    public record Organizations(List<Organization> organizations, String nextPageToken) {}

    public record Teams(List<Team> teams, String nextPageToken) {}

    public record Projects(List<Project> projects, String nextPageToken) {}
}
