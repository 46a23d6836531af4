package dev.tollgate.hierarchy;

import dev.tollgate.support.RequiresCaller;
import dev.tollgate.support.Timestamps;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Project lookup in the shape of Google's Resource Manager v1 {@code projects.get}, which Google's client libraries
 * call at {@code https://cloudresourcemanager.{universe_domain}/v1/projects/{projectNumber}} to learn a project id
 * (docs/api.md "Project lookup"). Requests on that host name are routed here by {@code web.UniverseHostRouting}.
 */
@Path("/cloudresourcemanager/v1")
@Produces(MediaType.APPLICATION_JSON)
@RequiresCaller
public class ResourceManagerResource {

    private final HierarchyService service;

    public ResourceManagerResource(HierarchyService service) {
        this.service = service;
    }

    /** By project number or project id, authorized like {@code GET /v1/projects/{projectId}}. */
    @GET
    @Path("/projects/{project}")
    public Uni<ResourceManagerProject> get(@PathParam("project") String projectIdOrNumber) {
        return service.getProject(projectIdOrNumber).map(ResourceManagerProject::of);
    }

    /**
     * A Resource Manager v1 project: {@code name} is the display name there, and a team, which Resource Manager does
     * not have, is shown as the parent folder.
     */
    public record ResourceManagerProject(
            String projectNumber,
            String projectId,
            String lifecycleState,
            String name,
            String createTime,
            Parent parent) {

        /** Resource Manager v1 {@code ResourceId}. */
        public record Parent(String type, String id) {}

        static ResourceManagerProject of(Node project) {
            String name = project.displayName() == null || project.displayName().isEmpty()
                    ? project.id()
                    : project.displayName();
            return new ResourceManagerProject(
                    project.projectNumber(),
                    project.id(),
                    "ACTIVE",
                    name,
                    Timestamps.format(project.createTime()),
                    new Parent("folder", project.teamId().orElseThrow()));
        }
    }
}
