package dev.tollgate.hierarchy;

import dev.tollgate.hierarchy.HierarchyViews.Organization;
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

/** Organizations (docs/api.md "Resource hierarchy"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class OrganizationResource {

    private final HierarchyService service;

    public OrganizationResource(HierarchyService service) {
        this.service = service;
    }

    @POST
    @Path("/organizations")
    public Uni<Organization> create(HierarchyRequests.CreateOrganization request) {
        return service.createOrganization(Requests.required(request)).map(Organization::of);
    }

    @GET
    @Path("/organizations")
    public Uni<HierarchyViews.Organizations> list(
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken) {
        return service.listOrganizations(pageSize, pageToken)
                .map(page -> new HierarchyViews.Organizations(
                        page.items().stream().map(Organization::of).toList(), page.nextPageToken()));
    }

    @GET
    @Path("/organizations/{orgId}")
    public Uni<Organization> get(@PathParam("orgId") String orgId) {
        return service.get("organizations/" + orgId).map(Organization::of);
    }

    @PATCH
    @Path("/organizations/{orgId}")
    public Uni<Organization> update(
            @PathParam("orgId") String orgId,
            HierarchyRequests.Patch patch,
            @QueryParam("updateMask") String updateMask) {
        return service.update("organizations/" + orgId, patch, updateMask).map(Organization::of);
    }

    @DELETE
    @Path("/organizations/{orgId}")
    public Uni<Map<String, Object>> delete(@PathParam("orgId") String orgId) {
        return service.delete("organizations/" + orgId).replaceWith(Map.of());
    }
}
