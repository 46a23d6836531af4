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

/** Allow policies of organizations, teams and projects (contract §2). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class IamPolicyResource {

    private final IamPolicyService service;

    public IamPolicyResource(IamPolicyService service) {
        this.service = service;
    }

    @POST
    @Path("/organizations/{id}/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getOrganizationPolicy(@PathParam("id") String id) {
        return get("organizations/" + id);
    }

    @POST
    @Path("/teams/{id}/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getTeamPolicy(@PathParam("id") String id) {
        return get("teams/" + id);
    }

    @POST
    @Path("/projects/{id}/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getProjectPolicy(@PathParam("id") String id) {
        return get("projects/" + id);
    }

    @POST
    @Path("/organizations/{id}/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setOrganizationPolicy(@PathParam("id") String id, IamRequests.SetIamPolicy request) {
        return set("organizations/" + id, request);
    }

    @POST
    @Path("/teams/{id}/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setTeamPolicy(@PathParam("id") String id, IamRequests.SetIamPolicy request) {
        return set("teams/" + id, request);
    }

    @POST
    @Path("/projects/{id}/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setProjectPolicy(@PathParam("id") String id, IamRequests.SetIamPolicy request) {
        return set("projects/" + id, request);
    }

    @POST
    @Path("/organizations/{id}/:testIamPermissions")
    public Uni<IamRequests.Permissions> testOrganization(@PathParam("id") String id, IamRequests.Permissions request) {
        return test("organizations/" + id, request);
    }

    @POST
    @Path("/teams/{id}/:testIamPermissions")
    public Uni<IamRequests.Permissions> testTeam(@PathParam("id") String id, IamRequests.Permissions request) {
        return test("teams/" + id, request);
    }

    @POST
    @Path("/projects/{id}/:testIamPermissions")
    public Uni<IamRequests.Permissions> testProject(@PathParam("id") String id, IamRequests.Permissions request) {
        return test("projects/" + id, request);
    }

    private Uni<IamRequests.PolicyView> get(String resource) {
        return service.get(resource, collection(resource)).map(IamRequests.PolicyView::of);
    }

    private Uni<IamRequests.PolicyView> set(String resource, IamRequests.SetIamPolicy request) {
        if (request == null || request.policy() == null) {
            throw ApiException.invalidArgument("Body must be {\"policy\":{\"bindings\":[…],\"etag\":\"…\"}}.");
        }
        return service.set(resource, collection(resource), request.policy().toPolicy()).map(IamRequests.PolicyView::of);
    }

    private Uni<IamRequests.Permissions> test(String resource, IamRequests.Permissions request) {
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"permissions\":[…]}.");
        }
        return service.test(resource, request.permissions()).map(IamRequests.Permissions::new);
    }

    private static String collection(String resource) {
        return resource.substring(0, resource.indexOf('/'));
    }
}
