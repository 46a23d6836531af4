package dev.tollgate.hierarchy;

import dev.tollgate.hierarchy.HierarchyViews.Project;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Projects (docs/api.md "Resource hierarchy"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class ProjectResource {

    private final HierarchyService service;

    public ProjectResource(HierarchyService service) {
        this.service = service;
    }

    @POST
    @Path("/projects")
    public Uni<Project> create(HierarchyRequests.CreateProject request) {
        return service.createProject(Requests.required(request)).map(Project::of);
    }

    @GET
    @Path("/projects")
    public Uni<HierarchyViews.Projects> list(
            @QueryParam("parent") String parent,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        return service.listProjects(parent, pageSize, pageToken)
                .map(page -> new HierarchyViews.Projects(
                        page.items().stream().map(Project::of).toList(), page.nextPageToken()));
    }

    /** By project id or by project number. */
    @GET
    @Path("/projects/{projectId}")
    public Uni<Project> get(@PathParam("projectId") String projectIdOrNumber) {
        return service.getProject(projectIdOrNumber).map(Project::of);
    }

    @PATCH
    @Path("/projects/{projectId}")
    public Uni<Project> update(
            @PathParam("projectId") String projectId,
            HierarchyRequests.Patch patch,
            @QueryParam("updateMask") String updateMask) {
        return service.update("projects/" + projectId, patch, updateMask).map(Project::of);
    }

    @DELETE
    @Path("/projects/{projectId}")
    public Uni<Map<String, Object>> delete(@PathParam("projectId") String projectId) {
        return service.delete("projects/" + projectId).replaceWith(Map.of());
    }
}
