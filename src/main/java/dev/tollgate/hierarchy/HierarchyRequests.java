package dev.tollgate.hierarchy;

/** Request bodies of the hierarchy endpoints (docs/api.md "Resource hierarchy"). */
public final class HierarchyRequests {

    private HierarchyRequests() {}

    public record CreateOrganization(String orgId, String displayName) {}

    public record CreateTeam(String teamId, String parent, String displayName) {}

    public record CreateProject(String projectId, String parent, String displayName, Visibility visibility) {}

    /** A PATCH body: the fields named in {@code updateMask} are taken from it. */
    public record Patch(String displayName, Visibility visibility) {}
}
