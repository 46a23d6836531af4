package dev.tollgate.hierarchy;

import dev.tollgate.hierarchy.HierarchyViews.Team;
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

/** Teams (docs/api.md "Resource hierarchy"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class TeamResource {

    private final HierarchyService service;

    public TeamResource(HierarchyService service) {
        this.service = service;
    }

    @POST
    @Path("/teams")
    public Uni<Team> create(HierarchyRequests.CreateTeam request) {
        return service.createTeam(Requests.required(request)).map(Team::of);
    }

    @GET
    @Path("/teams")
    public Uni<HierarchyViews.Teams> list(
            @QueryParam("parent") String parent,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        return service.listTeams(parent, pageSize, pageToken)
                .map(page -> new HierarchyViews.Teams(
                        page.items().stream().map(Team::of).toList(), page.nextPageToken()));
    }

    @GET
    @Path("/teams/{teamId}")
    public Uni<Team> get(@PathParam("teamId") String teamId) {
        return service.get("teams/" + teamId).map(Team::of);
    }

    @PATCH
    @Path("/teams/{teamId}")
    public Uni<Team> update(
            @PathParam("teamId") String teamId,
            HierarchyRequests.Patch patch,
            @QueryParam("updateMask") String updateMask) {
        return service.update("teams/" + teamId, patch, updateMask).map(Team::of);
    }

    @DELETE
    @Path("/teams/{teamId}")
    public Uni<Map<String, Object>> delete(@PathParam("teamId") String teamId) {
        return service.delete("teams/" + teamId).replaceWith(Map.of());
    }
}
