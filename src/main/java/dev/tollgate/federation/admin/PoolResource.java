package dev.tollgate.federation.admin;

import dev.tollgate.federation.admin.FederationRequests.PoolBody;
import dev.tollgate.federation.admin.FederationViews.Pool;
import dev.tollgate.iam.AllowPolicy;
import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.iam.IamRequests;
import dev.tollgate.support.ApiException;
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

/** Workload identity pools and their allow policies (docs/api.md "Workload identity federation"); {@code {p}} is a project id or number. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class PoolResource {

    static final String POOLS = "/projects/{p}/locations/global/workloadIdentityPools";
    static final String POOL = POOLS + "/{pool}";

    private final PoolService service;
    private final CurrentCaller caller;

    public PoolResource(PoolService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path(POOLS)
    public Uni<Pool> create(
            @PathParam("p") String project, @QueryParam("workloadIdentityPoolId") String poolId, PoolBody body) {
        return service.create(caller.get(), project, poolId, body);
    }

    @GET
    @Path(POOLS)
    public Uni<FederationViews.Pools> list(
            @PathParam("p") String project,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("showDeleted") boolean showDeleted) {
        return service.list(caller.get(), project, pageSize, pageToken, showDeleted);
    }

    @GET
    @Path(POOL)
    public Uni<Pool> get(@PathParam("p") String project, @PathParam("pool") String pool) {
        return service.get(caller.get(), project, pool);
    }

    @PATCH
    @Path(POOL)
    public Uni<Pool> update(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            PoolBody patch,
            @QueryParam("updateMask") String updateMask) {
        return service.update(caller.get(), project, pool, patch, updateMask);
    }

    @DELETE
    @Path(POOL)
    public Uni<Pool> delete(@PathParam("p") String project, @PathParam("pool") String pool) {
        return service.delete(caller.get(), project, pool);
    }

    @POST
    @Path(POOL + "/:undelete")
    public Uni<Pool> undelete(@PathParam("p") String project, @PathParam("pool") String pool) {
        return service.undelete(caller.get(), project, pool);
    }

    @POST
    @Path(POOL + "/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getIamPolicy(@PathParam("p") String project, @PathParam("pool") String pool) {
        return service.getIamPolicy(caller.get(), project, pool).map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(POOL + "/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setIamPolicy(
            @PathParam("p") String project, @PathParam("pool") String pool, IamRequests.SetIamPolicy request) {
        if (request == null || request.policy() == null) {
            throw ApiException.invalidArgument("Body must be {\"policy\":{\"bindings\":[…],\"etag\":\"…\"}}.");
        }
        return service.setIamPolicy(
                        caller.get(),
                        project,
                        pool,
                        new AllowPolicy(
                                0, request.policy().bindings(), request.policy().etag()))
                .map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(POOL + "/:testIamPermissions")
    public Uni<IamRequests.Permissions> testIamPermissions(
            @PathParam("p") String project, @PathParam("pool") String pool, IamRequests.Permissions request) {
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"permissions\":[…]}.");
        }
        return service.testIamPermissions(caller.get(), project, pool, request.permissions())
                .map(IamRequests.Permissions::new);
    }
}
