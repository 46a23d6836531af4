package dev.tollgate.iam;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Allow policies of organizations, teams and projects (docs/api.md "IAM allow policies"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class IamPolicyResource {

    private static final String HIERARCHY_RESOURCE = "/{collection: organizations|teams|projects}/{id}";

    private final IamPolicyService service;
    private final CurrentCaller caller;

    public IamPolicyResource(IamPolicyService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path(HIERARCHY_RESOURCE + "/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getIamPolicy(
            @PathParam("collection") String collection, @PathParam("id") String id) {
        return service.get(caller.get(), collection + "/" + id, collection).map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(HIERARCHY_RESOURCE + "/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setIamPolicy(
            @PathParam("collection") String collection, @PathParam("id") String id, IamRequests.SetIamPolicy request) {
        if (request == null || request.policy() == null) {
            throw ApiException.invalidArgument("Body must be {\"policy\":{\"bindings\":[…],\"etag\":\"…\"}}.");
        }
        return service.set(
                        caller.get(),
                        collection + "/" + id,
                        collection,
                        request.policy().toPolicy())
                .map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(HIERARCHY_RESOURCE + "/:testIamPermissions")
    public Uni<IamRequests.Permissions> testIamPermissions(
            @PathParam("collection") String collection, @PathParam("id") String id, IamRequests.Permissions request) {
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"permissions\":[…]}.");
        }
        return service.test(caller.get(), collection + "/" + id, request.permissions())
                .map(IamRequests.Permissions::new);
    }
}
